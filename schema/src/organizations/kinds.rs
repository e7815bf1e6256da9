//! The enumerations of the organizations area.

crate::text_enum! {
    /// Kind of administrative region (行政区划).
    pub enum RegionKind {
        /// Province (省).
        Province = "PROVINCE",
        /// Prefecture-level city (地级市).
        City = "CITY",
        /// City district (市辖区).
        District = "DISTRICT",
        /// County (县).
        County = "COUNTY",
        /// County-level city (县级市).
        CountyLevelCity = "COUNTY_LEVEL_CITY",
        /// Development zone (开发区), with a statistical division code.
        DevelopmentZone = "DEVELOPMENT_ZONE",
    }
}

crate::text_enum! {
    /// Kind of organization in the tripartite system.
    pub enum OrganizationKind {
        /// Trade union: a grassroots union (基层工会) or a federation (总工会).
        Union = "UNION",
        /// Employer (用人单位).
        Employer = "EMPLOYER",
        /// Employer association (企业联合会/企业家协会, 工商业联合会, industry association).
        EmployerAssociation = "EMPLOYER_ASSOCIATION",
        /// Tripartite office (协调劳动关系三方委员会办公室, 三方办) of a city or district.
        TripartiteOffice = "TRIPARTITE_OFFICE",
        /// Labour administration (人力资源和社会保障局, 人社局).
        LabourAdministration = "LABOUR_ADMINISTRATION",
    }
}

crate::text_enum! {
    /// Operating status of an employer (经营状态).
    pub enum OperatingStatus {
        /// Operating normally (在营).
        Operating = "OPERATING",
        /// Operations suspended (停业).
        Suspended = "SUSPENDED",
        /// In bankruptcy reorganisation (重整).
        InReorganisation = "IN_REORGANISATION",
        /// Bankrupt (破产).
        Bankrupt = "BANKRUPT",
        /// Dissolved or deregistered (解散/注销).
        Dissolved = "DISSOLVED",
    }
}

crate::text_enum! {
    /// Industry section of GB/T 4754-2017 (国民经济行业分类门类).
    pub enum IndustrySection {
        /// 农、林、牧、渔业 (agriculture, forestry, animal husbandry and fishery).
        A = "A",
        /// 采矿业 (mining).
        B = "B",
        /// 制造业 (manufacturing).
        C = "C",
        /// 电力、热力、燃气及水生产和供应业 (electricity, heat, gas and water).
        D = "D",
        /// 建筑业 (construction).
        E = "E",
        /// 批发和零售业 (wholesale and retail).
        F = "F",
        /// 交通运输、仓储和邮政业 (transport, storage and post).
        G = "G",
        /// 住宿和餐饮业 (accommodation and catering).
        H = "H",
        /// 信息传输、软件和信息技术服务业 (information, software and IT services).
        I = "I",
        /// 金融业 (finance).
        J = "J",
        /// 房地产业 (real estate).
        K = "K",
        /// 租赁和商务服务业 (leasing and business services).
        L = "L",
        /// 科学研究和技术服务业 (research and technical services).
        M = "M",
        /// 水利、环境和公共设施管理业 (water, environment and public facilities).
        N = "N",
        /// 居民服务、修理和其他服务业 (residential, repair and other services).
        O = "O",
        /// 教育 (education).
        P = "P",
        /// 卫生和社会工作 (health and social work).
        Q = "Q",
        /// 文化、体育和娱乐业 (culture, sports and entertainment).
        R = "R",
        /// 公共管理、社会保障和社会组织 (public administration and social organisations).
        S = "S",
        /// 国际组织 (international organisations).
        T = "T",
    }
}
