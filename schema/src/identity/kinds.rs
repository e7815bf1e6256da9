//! The enumerations of the identity area.

crate::text_enum! {
    /// A user's role in an organization.
    pub enum Role {
        /// Manages the organization's members, and acts for it.
        Admin = "ADMIN",
        /// Acts for the organization.
        Officer = "OFFICER",
        /// Reads what the organization may see.
        Viewer = "VIEWER",
    }
}

impl Role {
    /// Whether this role may write for its organization.
    pub fn may_act(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

crate::text_enum! {
    /// Language of a user's emails and messages.
    pub enum Language {
        /// Simplified Chinese (简体中文), the default.
        ZhCn = "zh-CN" as "ZH_CN",
        /// English.
        En = "en" as "EN",
    }
}

impl Default for Language {
    /// Chinese, for anyone who has not chosen.
    fn default() -> Language {
        Language::ZhCn
    }
}
