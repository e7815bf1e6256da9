//! Settings: command-line flags, each with an environment-variable twin.
//! With none given, the server runs on SQLite in `./data` at 127.0.0.1:8080.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use xieshang_schema::deadlines::rules::ReminderOffsets;
use xieshang_schema::exports::kinds::{DocumentKind, Exported, LedgerKind, ReportKind};

/// xieshang (协商): a GraphQL platform for collective bargaining in a Chinese city.
#[derive(Debug, Parser)]
#[command(name = "xieshang", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the migrations, then serves GraphQL over HTTP and websocket.
    Serve {
        /// Loads the demo city (长春) into an empty database; a no-op when it is there.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        server: Box<ServerSettings>,
    },
    /// Loads the demo city and copies of its employers (each with its
    /// union, memberships, accounts, offers and agreements) until the
    /// database holds `--scale` times the demo, then exits.
    Demo {
        /// How many times the demo city's employers to hold (1 to 1000).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1000))]
        scale: u16,
    },
    /// Runs the pending database migrations, sets up the city office and
    /// its administrator on the first run, and exits.
    Migrate,
    /// Prints the GraphQL schema (SDL) and exits.
    Schema,
    /// Imports data files.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Manages user accounts. New passwords come from XIESHANG_USER_PASSWORD,
    /// or are generated and printed.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Writes a ledger (台账) as a spreadsheet (xlsx), as a user sees it,
    /// with a progress bar.
    Export {
        /// offers, agreements, deadlines, risk-cases, rectification-items,
        /// layoff-plans, evaluations, or the reports coverage and
        /// campaign-summaries.
        #[arg(value_parser = exported)]
        ledger: Exported,
        /// Whose view: the rows their memberships let them see (`admin`, the
        /// city office's administrator, sees the whole city).
        #[arg(long = "as")]
        login: String,
        /// The list's filter as the GraphQL input's JSON, e.g.
        /// '{"statuses":["ISSUED"]}'; for a report, its arguments
        /// ('{"year":2026}'; campaign-summaries: '{"id":"<campaign id>"}').
        #[arg(long, default_value = "{}")]
        filter: String,
        /// The file to write.
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Writes a form or letter of one record as a Word document (docx), as
    /// a user sees it.
    Document {
        /// offer-letter, offer-response, quick-report,
        /// risk-information-form, filing-receipt, review-opinion or
        /// agreement-text.
        #[arg(value_parser = document_kind)]
        document: DocumentKind,
        /// The record's id (an offer, a risk case or an agreement).
        id: String,
        /// Whose view, as for `export`.
        #[arg(long = "as")]
        login: String,
        /// The file to write.
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Counts every employer anew for the coverage report (after employers,
    /// profiles or agreements were written by SQL, outside the API) and
    /// prints how many tallies it corrected.
    Recount,
    /// Manages the bargaining quality-evaluation guides.
    Guide {
        #[command(subcommand)]
        action: GuideCommand,
    },
}

/// A ledger's or report's name on the command line: its GraphQL name in
/// lower case, with dashes (`risk-cases`).
fn exported(name: &str) -> Result<Exported, String> {
    named(LedgerKind::ALL, LedgerKind::as_str, name)
        .map(Exported::Ledger)
        .or_else(|ledgers| {
            named(ReportKind::ALL, ReportKind::as_str, name)
                .map(Exported::Report)
                .map_err(|reports| {
                    format!("{ledgers}, or {}", reports.trim_start_matches("one of "))
                })
        })
}

/// A document's name on the command line, as a ledger's (`offer-letter`).
fn document_kind(name: &str) -> Result<DocumentKind, String> {
    named(DocumentKind::ALL, DocumentKind::as_str, name)
}

/// The value of `all` whose text, in lower case with dashes, is `name`.
fn named<T: Copy>(all: &[T], text: fn(T) -> &'static str, name: &str) -> Result<T, String> {
    let dashed = |value: &T| text(*value).to_lowercase().replace('_', "-");
    all.iter()
        .find(|value| dashed(value) == name)
        .copied()
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(dashed).collect();
            format!("one of {}", names.join(", "))
        })
}

#[derive(Debug, Subcommand)]
pub enum GuideCommand {
    /// Loads a new edition of a guide from a JSON file as a draft (the
    /// edition after its scheme's last); every mistake is printed with its
    /// line or path, and nothing is stored.
    Load {
        /// The guide file (JSON).
        file: PathBuf,
        /// Publishes the edition at once, superseding the scheme's last.
        #[arg(long)]
        publish: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Imports shared-data signals of employers' months from a CSV file
    /// whose first line is `credit_code,month,kind,value` (month as
    /// YYYY-MM, kind as in the API's SignalKind), then regrades their
    /// employers, showing progress: every line or none.
    Signals {
        /// The CSV file.
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds a user, optionally as a member of an organization.
    Add {
        /// Login name: 3 to 40 lower-case letters, digits, `.`, `_` or `-`.
        #[arg(long)]
        login: String,
        /// Name shown to others.
        #[arg(long)]
        name: String,
        /// Email address for notifications.
        #[arg(long)]
        email: String,
        /// Exact name of the organization to join.
        #[arg(long)]
        organization: Option<String>,
        /// Role in that organization.
        #[arg(long, value_enum, default_value = "officer")]
        role: RoleArg,
    },
    /// Sets a user's password and ends their sessions.
    SetPassword {
        /// Login name.
        #[arg(long)]
        login: String,
    },
    /// Disables a user and ends their sessions.
    Disable {
        /// Login name.
        #[arg(long)]
        login: String,
    },
    /// Lists the users by login name, with their organizations and roles.
    List {
        /// Exact name of an organization: only its members.
        #[arg(long)]
        organization: Option<String>,
    },
    /// Lifts the login throttle of an account, from every address.
    Unlock {
        /// Login name.
        #[arg(long)]
        login: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Manages the organization's members, and acts for it.
    Admin,
    /// Acts for the organization.
    Officer,
    /// Reads what the organization may see.
    Viewer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Settings of every command: where the data is, how to log, and what
/// the first start sets up.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Directory for the default SQLite database.
    #[arg(
        long,
        env = "XIESHANG_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database URL: `postgres://user:password@host/db` for PostgreSQL, or
    /// `sqlite://path`. Defaults to `sqlite://<data dir>/xieshang.sqlite`.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Log format.
    #[arg(
        long,
        env = "XIESHANG_LOG_FORMAT",
        value_enum,
        default_value = "pretty",
        global = true
    )]
    pub log_format: LogFormat,

    /// Most connections in the database pool.
    #[arg(
        long,
        env = "XIESHANG_DB_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_connections: usize,

    /// Password of `admin`, the city office's administrator created on the first
    /// start. When unset, one is generated and printed once.
    #[arg(
        long,
        env = "XIESHANG_ADMIN_PASSWORD",
        hide_env_values = true,
        global = true
    )]
    pub admin_password: Option<String>,

    /// Division code of the city the first start sets up, when the database is empty.
    #[arg(
        long,
        env = "XIESHANG_CITY_CODE",
        default_value = "220100",
        global = true
    )]
    pub city_code: String,

    /// Name of that city.
    #[arg(
        long,
        env = "XIESHANG_CITY_NAME",
        default_value = "长春市",
        global = true
    )]
    pub city_name: String,

    /// When deadline reminders go out, before the due instant: days (`d`) or hours (`h`).
    #[arg(long, env = "XIESHANG_REMINDER_OFFSETS", default_value = "7d,3d,1d,0", value_parser = ReminderOffsets::parse, global = true)]
    pub reminder_offsets: ReminderOffsets,

    /// Database statements slower than this many milliseconds are logged.
    #[arg(
        long,
        env = "XIESHANG_SLOW_QUERY_MS",
        default_value_t = 200,
        global = true
    )]
    pub slow_query_ms: u64,
}

/// Settings of the server (`xieshang serve`).
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    /// Address and port to listen on.
    #[arg(long, env = "XIESHANG_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated
    /// addresses or CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`); none by default.
    #[arg(long, env = "XIESHANG_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// Requests a caller (a user, or an address when anonymous) may send per
    /// second, sustained.
    #[arg(long, env = "XIESHANG_RATE_PER_SECOND", default_value_t = 20.0)]
    pub rate_per_second: f64,

    /// Requests a caller may send at once before the rate applies.
    #[arg(long, env = "XIESHANG_RATE_BURST", default_value_t = 100.0)]
    pub rate_burst: f64,

    /// What a mutation costs against the rate; a query costs 1.
    #[arg(long, env = "XIESHANG_RATE_MUTATION_COST", default_value_t = 5.0)]
    pub rate_mutation_cost: f64,

    /// Largest response body, in bytes; a larger answer is refused with
    /// `RESPONSE_TOO_LARGE`.
    #[arg(long, env = "XIESHANG_RESPONSE_LIMIT", default_value_t = 8 * 1024 * 1024)]
    pub response_limit: usize,

    /// Websockets one user may hold open; one more is closed with 4429.
    #[arg(long, env = "XIESHANG_MAX_SOCKETS_PER_USER", default_value_t = 8)]
    pub max_sockets_per_user: usize,

    /// Subscriptions one websocket may run at once.
    #[arg(
        long,
        env = "XIESHANG_MAX_SUBSCRIPTIONS_PER_SOCKET",
        default_value_t = 20
    )]
    pub max_subscriptions_per_socket: usize,

    /// Connections held at once (also kept below the open-file limit); one
    /// more is answered 503 and closed.
    #[arg(long, env = "XIESHANG_MAX_CONNECTIONS", default_value_t = 4_096)]
    pub max_connections: usize,

    /// Seconds a connection may stay silent (an idle keep-alive, a half-sent
    /// request) before it is closed; websockets are pinged meanwhile.
    #[arg(long, env = "XIESHANG_IDLE_TIMEOUT", default_value_t = 60)]
    pub idle_timeout: u64,

    /// Seconds a client has to send a request's head, and again its body,
    /// however steadily it trickles bytes; then the connection is closed
    /// (head) or answered 408 (body).
    #[arg(long, env = "XIESHANG_READ_TIMEOUT", default_value_t = 10)]
    pub read_timeout: u64,

    /// Largest request body, in bytes.
    #[arg(long, env = "XIESHANG_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,

    /// Longest a request may run, in seconds; also the database statement timeout.
    #[arg(long, env = "XIESHANG_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,

    /// Hours a session token stays valid after login.
    #[arg(long, env = "XIESHANG_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u32,

    /// SMTP server for email: `smtp://host:587` (STARTTLS), `smtps://host:465`,
    /// or `smtp://host:25?tls=none` (plain, for a local relay); credentials may
    /// be in the URL. Without it, emails are written to `<data dir>/mail/*.eml`.
    #[arg(long, env = "XIESHANG_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// SMTP user name, when not in the URL.
    #[arg(long, env = "XIESHANG_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    /// SMTP password, when not in the URL.
    #[arg(long, env = "XIESHANG_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,

    /// Sender of emails.
    #[arg(
        long,
        env = "XIESHANG_MAIL_FROM",
        default_value = "协商平台 <noreply@xieshang.localhost>"
    )]
    pub mail_from: String,

    /// Origins of browser apps that may call the API from another origin
    /// (CORS), comma-separated (`https://office.example.cn`), or `*` for
    /// any; none by default.
    #[arg(long, env = "XIESHANG_CORS_ORIGINS", default_value = "", value_parser = crate::http::cors::parse)]
    pub cors_origins: crate::http::cors::Origins,

    /// Public address of the platform, put before the link paths in emails.
    #[arg(long, env = "XIESHANG_PUBLIC_URL", default_value = "")]
    pub public_url: String,

    /// For tests only, never in production: serve `POST /_test/clock`, which
    /// moves this server's clock forward.
    #[arg(long, env = "XIESHANG_TEST_CLOCK")]
    pub test_clock: bool,

    /// Production mode: no GraphiQL, no introspection, no field suggestions.
    #[arg(long, env = "XIESHANG_PRODUCTION")]
    pub production: bool,
}

impl Settings {
    /// The database URL, defaulting to the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}",
                self.data_dir.join("xieshang.sqlite").display()
            ),
        }
    }
}

impl ServerSettings {
    pub fn read_timeout(&self) -> Duration {
        Duration::from_secs(self.read_timeout.max(1))
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout.max(1))
    }
}

/// The database URL without its password, for logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match url[scheme + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redacted("postgres://app:s3cret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(
            redacted("postgres://app@db:5432/x"),
            "postgres://app@db:5432/x",
            "no password, nothing hidden"
        );
        assert_eq!(
            redacted("sqlite://data/xieshang.sqlite"),
            "sqlite://data/xieshang.sqlite"
        );
    }

    #[test]
    fn with_no_configuration_the_database_is_sqlite_in_the_data_dir() {
        let mut settings = Cli::try_parse_from(["xieshang", "serve"]).unwrap().settings;
        settings.database_url = None;
        settings.data_dir = "./data".into();
        assert_eq!(settings.database_url(), "sqlite://./data/xieshang.sqlite");
    }
}
