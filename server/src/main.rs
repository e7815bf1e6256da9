//! The `xieshang` binary: configuration, start-up and the HTTP server.
// The merged mutation root of every area nests deeper than the default
// limit when the release build computes its layout.
#![recursion_limit = "256"]

mod config;
mod http;
mod jobs;
mod telemetry;

/// mimalloc instead of the system allocator: allocation was the largest
/// share of the server's CPU under load, and the office ledger's server CPU
/// per request fell by a quarter with it (`../shared/bench`, 1×).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use xieshang_schema::change::Env;
use xieshang_schema::clock::Clock;
use xieshang_schema::db::stored;
use xieshang_schema::db::{Backend, Database, DbSettings, run_migrations, sqlite_path};
use xieshang_schema::evaluation::mutations as evaluation;
use xieshang_schema::events::bus::{EventBus, relay};
use xieshang_schema::exports;
use xieshang_schema::exports::kinds::{DocumentKind, Exported};
use xieshang_schema::graphql::errors::{ApiError, TxError};
use xieshang_schema::graphql::limits::Limits;
use xieshang_schema::identity::authorization::Acting;
use xieshang_schema::identity::demo::DEMO_PASSWORD;
use xieshang_schema::identity::kinds::Role;
use xieshang_schema::identity::operators::{self, City, FirstStart, NewAccount};
use xieshang_schema::identity::secrets::new_password;
use xieshang_schema::identity::viewers::Viewers;
use xieshang_schema::risk::grades;
use xieshang_schema::risk::rules::grading::SignalKind;
use xieshang_schema::{SchemaOptions, demo};

use crate::config::{
    Cli, Command, GuideCommand, ImportCommand, RoleArg, ServerSettings, Settings, UserCommand,
    redacted,
};

fn main() -> std::process::ExitCode {
    xieshang_schema::db::configure_sqlite();
    let cli = Cli::parse();
    // Loading the demo is one long run of statements on one connection: on
    // one thread, the driver of the connection and the loader wake each
    // other without a hand-off between worker threads.
    let mut runtime = match cli.command {
        Command::Demo { .. } => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    let ran = runtime
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(run(cli)));
    match ran {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // A sentence with its causes, never a debug form or a backtrace.
            eprintln!("xieshang: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = &cli.settings;
    if !matches!(cli.command, Command::Schema) {
        telemetry::init(settings.log_format);
    }
    match cli.command {
        Command::Schema => {
            print!("{}", xieshang_schema::sdl());
            Ok(())
        }
        Command::Migrate => prepare(settings, &Clock::system(), COMMAND_TIMEOUT)
            .await
            .map(|_| ()),
        Command::Import {
            what: ImportCommand::Signals { file },
        } => import_signals(settings, &file).await,
        Command::User { action } => manage_user(settings, action).await,
        Command::Guide {
            action: GuideCommand::Load { file, publish },
        } => load_guide(settings, &file, publish).await,
        Command::Recount => recount(settings).await,
        Command::Export {
            ledger,
            login,
            filter,
            out,
        } => export_ledger(settings, ledger, &login, &filter, &out).await,
        Command::Document {
            document,
            id,
            login,
            out,
        } => export_document(settings, document, &id, &login, &out).await,
        Command::Demo { scale } => load_scaled_demo(settings, usize::from(scale)).await,
        Command::Serve { demo, server } => serve(settings, &server, demo).await,
    }
}

/// An error of the API as the command line says it.
fn said(error: ApiError) -> anyhow::Error {
    anyhow::anyhow!(error.sentence())
}

/// The statement timeout of the commands other than `serve`: they may
/// read the whole database.
const COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3_600);

/// The database URL, with the data directory created for SQLite.
fn prepare_database_url(settings: &Settings) -> anyhow::Result<String> {
    let url = settings.database_url();
    match Backend::of(&url) {
        Some(Backend::Sqlite) => {
            let path = std::path::Path::new(xieshang_schema::db::sqlite_path(&url));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            Ok(url)
        }
        Some(Backend::Postgres) => Ok(url),
        None => anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://"),
    }
}

/// Why PostgreSQL at `url` cannot be reached, naming its host and port
/// and the reason (the pool's driver keeps only "error connecting to
/// server").
async fn unreachable(url: &str) -> Option<String> {
    let config: tokio_postgres::Config = url.parse().ok()?;
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let at = format!("{}:{port}", hosts.join(","));
    let wait = std::time::Duration::from_secs(10);
    match tokio::time::timeout(wait, config.connect(tokio_postgres::NoTls)).await {
        Ok(Ok(_)) => None,
        Ok(Err(error)) => {
            let mut reason = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                reason = format!("{reason}: {cause}");
                source = cause.source();
            }
            Some(format!("cannot connect to PostgreSQL at {at}: {reason}"))
        }
        Err(_) => Some(format!("PostgreSQL at {at} did not answer within 10 s")),
    }
}

/// Migrates and opens the database, and on the first run sets up the city
/// office, its administrator `admin` and the sample evaluation guides:
/// every command finds the database ready.
async fn prepare(
    settings: &Settings,
    clock: &Clock,
    statement_timeout: std::time::Duration,
) -> anyhow::Result<(Database, String)> {
    xieshang_schema::db::instrumentation::install(std::time::Duration::from_millis(
        settings.slow_query_ms,
    ));
    let url = prepare_database_url(settings)?;
    let ran = match run_migrations(&url).await {
        Ok(ran) => ran,
        Err(error) => {
            let reason = match Backend::of(&url) {
                Some(Backend::Postgres) => unreachable(&url).await,
                _ => None,
            };
            return Err(match reason {
                Some(reason) => anyhow::anyhow!(reason),
                None => anyhow::Error::from(error),
            })
            .with_context(|| format!("migrating the database {}", redacted(&url)));
        }
    };
    if ran > 0 {
        tracing::info!(database = %redacted(&url), migrations = ran, "migrations applied");
    }
    let db = Database::open(&DbSettings {
        url: url.clone(),
        max_connections: settings.db_connections.max(1),
        statement_timeout,
    })
    .await
    .context("opening the database")?;
    let city = City {
        code: settings.city_code.clone(),
        name: settings.city_name.clone(),
    };
    let first = operators::first_start(&db, clock, &city, settings.admin_password.as_deref())
        .await
        .map_err(|e| said(e).context("setting up the first administrator"))?;
    match first {
        FirstStart::AdminCreatedWithPassword(password) => {
            println!(
                "first start: the city office's administrator is `admin`, password {password} (shown once)"
            );
        }
        FirstStart::AdminCreated => {
            tracing::info!("first start: created the administrator `admin`")
        }
        FirstStart::NothingToDo => {}
    }
    let env = Env::at(
        stored(clock.now()),
        &settings.reminder_offsets,
        "seedSampleGuides",
    );
    let seeded = evaluation::seed_samples(&db, &env)
        .await
        .map_err(|e| anyhow::anyhow!("seeding the sample guides: {}", e.sentence()))?;
    if seeded > 0 {
        tracing::info!(guides = seeded, "sample evaluation guides published");
    }
    Ok((db, url))
}

/// A password from XIESHANG_USER_PASSWORD, or a generated one, and
/// whether it was generated (then it is printed once the account is stored).
fn chosen_password() -> (String, bool) {
    match std::env::var("XIESHANG_USER_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (new_password(), true),
    }
}

async fn manage_user(settings: &Settings, action: UserCommand) -> anyhow::Result<()> {
    let clock = Clock::system();
    let (db, _) = prepare(settings, &clock, COMMAND_TIMEOUT).await?;
    // The login a command names, for the message when nobody has it.
    let failed = |login: &str| {
        let login = login.to_owned();
        move |error: ApiError| match error {
            ApiError::NotFound => anyhow::anyhow!("no user has the login name {login}"),
            other => said(other),
        }
    };
    match action {
        UserCommand::Add {
            login,
            name,
            email,
            organization,
            role,
        } => {
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Officer => Role::Officer,
                RoleArg::Viewer => Role::Viewer,
            };
            let (password, generated) = chosen_password();
            let account = NewAccount {
                login_name: login.clone(),
                display_name: name,
                email,
                membership: organization.map(|o| (o, role)),
            };
            operators::add_user(&db, &clock, account, &password)
                .await
                .map_err(failed(&login))?;
            println!("added {login}");
            if generated {
                println!("password of {login}: {password}");
            }
        }
        UserCommand::SetPassword { login } => {
            let (password, generated) = chosen_password();
            operators::set_password(&db, &clock, &login, &password)
                .await
                .map_err(failed(&login))?;
            println!("the password of {login} is set; their sessions are ended");
            if generated {
                println!("password of {login}: {password}");
            }
        }
        UserCommand::Disable { login } => {
            operators::disable(&db, &clock, &login)
                .await
                .map_err(failed(&login))?;
            println!("{login} is disabled; their sessions are ended");
        }
        UserCommand::List { organization } => {
            let users = operators::list_users(&db, organization.as_deref())
                .await
                .map_err(said)?;
            for user in &users {
                let places: Vec<String> = user
                    .memberships
                    .iter()
                    .map(|(name, role)| format!("{name} ({})", role.as_str()))
                    .collect();
                let disabled = if user.disabled { "\tdisabled" } else { "" };
                println!(
                    "{}\t{}\t{}\t{}{disabled}",
                    user.login_name,
                    user.display_name,
                    user.email,
                    places.join(", ")
                );
            }
            if users.is_empty() {
                println!("no users");
            }
        }
        UserCommand::Unlock { login } => {
            let cleared = operators::unlock(&db, &clock, &login)
                .await
                .map_err(failed(&login))?;
            println!("{login}: {cleared} login throttle(s) lifted");
        }
    }
    Ok(())
}

/// The header line of a signals file.
const SIGNALS_HEADER: &str = "credit_code,month,kind,value";

/// Reads a signals file: the rows with their line numbers, or the bad lines.
fn read_signals(
    text: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<(usize, String, grades::Signal)>, Vec<String>> {
    let mut lines = text.lines().enumerate();
    let header = lines
        .next()
        .map(|(_, l)| l.trim().trim_start_matches('\u{feff}'));
    if header != Some(SIGNALS_HEADER) {
        return Err(vec![format!(
            "line 1: expected the header `{SIGNALS_HEADER}`"
        )]);
    }
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for (index, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let number = index + 1;
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, month, kind, value] = fields[..] else {
            bad.push(format!("line {number}: expected 4 fields"));
            continue;
        };
        let month = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d");
        let kind = kind.parse::<SignalKind>();
        let value = value.parse::<f64>();
        let (Ok(month), Ok(kind), Ok(value)) = (month, kind, value) else {
            bad.push(format!(
                "line {number}: month (YYYY-MM), kind or value unreadable"
            ));
            continue;
        };
        match grades::check_signal(month, value, today) {
            Ok(month) => rows.push((
                number,
                code.to_owned(),
                grades::Signal {
                    employer_id: 0,
                    month,
                    kind,
                    value,
                },
            )),
            Err((field, message)) => bad.push(format!("line {number}: {field} {message}")),
        }
    }
    if bad.is_empty() { Ok(rows) } else { Err(bad) }
}

/// Imports a signals file and regrades its employers, with a progress bar
/// on standard error.
async fn import_signals(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let clock = Clock::system();
    let (db, _) = prepare(settings, &clock, COMMAND_TIMEOUT).await?;
    let now = clock.now();
    let rows = read_signals(&text, xieshang_schema::deadlines::counting::local_date(now));
    let mut rows = rows.map_err(|bad| refused_lines(&bad))?;
    let codes: Vec<String> = rows.iter().map(|(_, code, _)| code.clone()).collect();
    let employers = grades::employers_by_code(&db, &codes).await.map_err(said)?;
    let mut bad = Vec::new();
    for (number, code, signal) in &mut rows {
        match employers.get(code.as_str()) {
            Some(id) => signal.employer_id = *id,
            None => bad.push(format!(
                "line {number}: no employer has the credit code {code}"
            )),
        }
    }
    if !bad.is_empty() {
        return Err(refused_lines(&bad));
    }
    let signals: Vec<grades::Signal> = rows.into_iter().map(|(_, _, s)| s).collect();
    let (mut stored, mut graded) = (0, 0);
    let total = signals.len();
    let started = std::time::Instant::now();
    let mut progress = |phase: grades::Phase, n: usize| {
        let (label, done, of) = match phase {
            grades::Phase::Storing => {
                stored += n;
                ("storing", stored, total)
            }
            grades::Phase::Grading(of) => {
                graded += n;
                ("grading", graded, of)
            }
        };
        progress_bar(label, done, of, started);
        if done >= of {
            eprintln!();
        }
    };
    let done = grades::import_all(
        &db,
        &signals,
        xieshang_schema::db::stored(now),
        &mut progress,
    )
    .await
    .map_err(said)?;
    println!(
        "imported {total} signals; regraded {} employers, {} rose",
        done.graded, done.rose
    );
    Ok(())
}

/// The error of a refused file: its first bad lines, and that nothing was imported.
fn refused_lines(bad: &[String]) -> anyhow::Error {
    let shown: Vec<&str> = bad.iter().take(20).map(String::as_str).collect();
    anyhow::anyhow!(
        "nothing imported: {} bad line(s)\n{}",
        bad.len(),
        shown.join("\n")
    )
}

/// Counts every employer anew for the coverage report.
async fn recount(settings: &Settings) -> anyhow::Result<()> {
    let (db, _) = prepare(settings, &Clock::system(), COMMAND_TIMEOUT).await?;
    let started = std::time::Instant::now();
    let moved: Result<usize, TxError> = xieshang_schema::transaction!(db, |conn| {
        Ok(xieshang_schema::evaluation::tally::recount_all(conn).await?)
    });
    let moved = moved.map_err(|e| anyhow::anyhow!("counting the employers: {}", e.sentence()))?;
    println!(
        "every employer counted anew in {:.1} s; tallies corrected: {moved}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `xieshang guide load FILE [--publish]`: a new draft edition of a guide,
/// published at once with `--publish`; the mistakes printed, nothing stored.
async fn load_guide(
    settings: &Settings,
    file: &std::path::Path,
    publish: bool,
) -> anyhow::Result<()> {
    let body =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let clock = Clock::system();
    let (db, _) = prepare(settings, &clock, COMMAND_TIMEOUT).await?;
    let env = Env::at(stored(clock.now()), &settings.reminder_offsets, "guideLoad");
    let result = xieshang_schema::transaction!(db, |conn| {
        let row = evaluation::load_guide(conn, &body, Acting::SYSTEM, &env).await?;
        match publish {
            true => evaluation::publish_guide(conn, row, Acting::SYSTEM, &env).await,
            false => Ok(row),
        }
    });
    match result {
        Ok(row) => {
            println!(
                "{} edition {} ({}): {}",
                row.code,
                row.edition,
                row.status.as_str(),
                row.title
            );
            Ok(())
        }
        Err(TxError::Rejected(errors)) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| {
                    let at = e.field.get(1).cloned().unwrap_or_else(|| e.field.join("."));
                    format!("{at}: {}", e.message)
                })
                .collect();
            Err(anyhow::anyhow!(
                "{} not loaded: {} mistake(s)\n{}",
                file.display(),
                lines.len(),
                lines.join("\n")
            ))
        }
        Err(TxError::Api(e)) => Err(said(e).context("loading the guide")),
    }
}

/// A progress bar on standard error, drawn over itself:
/// `label   [#####-----]  50% 500/1000 2.0 s`.
fn progress_bar(label: &str, done: usize, of: usize, started: std::time::Instant) {
    use std::io::Write as _;
    const WIDTH: usize = 30;
    let filled = (done * WIDTH / of.max(1)).min(WIDTH);
    eprint!(
        "\r{label:<8}[{}{}] {:>3}% {done}/{of} {:.1} s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        (done * 100 / of.max(1)).min(100),
        started.elapsed().as_secs_f64()
    );
    let _ = std::io::stderr().flush();
}

/// `xieshang export LEDGER --as LOGIN --out FILE [--filter JSON]`: the
/// ledger (or report) as LOGIN sees it, with a progress bar on standard
/// error for a ledger.
async fn export_ledger(
    settings: &Settings,
    exported: Exported,
    login: &str,
    filter: &str,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let filter: serde_json::Value =
        serde_json::from_str(filter).context("--filter is not a JSON object")?;
    let mut summary = exported.summary(&filter);
    summary["file"] = serde_json::json!(out);
    let (api, viewer) = exporting_as(settings, login, summary).await?;
    let ledger = match exported {
        Exported::Ledger(ledger) => ledger,
        Exported::Report(report) => {
            exports::write_report(&api, &viewer, report, &filter, out)
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            let title = exports::reports::report(report).title;
            println!("{title} written to {}", out.display());
            return Ok(());
        }
        Exported::Document(_) => anyhow::bail!("documents are written with `xieshang document`"),
    };
    let started = std::time::Instant::now();
    let progress = |done: u64, of: u64| {
        let (done, of) = (usize::try_from(done), usize::try_from(of));
        progress_bar("rows", done.unwrap_or(0), of.unwrap_or(0), started);
    };
    let rows = exports::write(&api, &viewer, ledger, &filter, out, progress)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    eprintln!();
    println!(
        "{} ({rows} rows) written to {} in {:.1} s",
        exports::ledgers::ledger(ledger).title,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `xieshang document DOCUMENT ID --as LOGIN --out FILE`: the record's
/// document as LOGIN sees it.
async fn export_document(
    settings: &Settings,
    document: DocumentKind,
    id: &str,
    login: &str,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let exported = Exported::Document(document);
    let mut summary = exported.summary(&serde_json::json!({ "id": id }));
    summary["file"] = serde_json::json!(out);
    let (api, viewer) = exporting_as(settings, login, summary).await?;
    exports::write_document(&api, &viewer, document, id, out)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    println!(
        "{} written to {}",
        exports::documents::document(document).title,
        out.display()
    );
    Ok(())
}

/// The server's API without serving it, and the viewer an operator exports
/// as (audited as `cli:export` with `summary`).
async fn exporting_as(
    settings: &Settings,
    login: &str,
    summary: serde_json::Value,
) -> anyhow::Result<(
    xieshang_schema::graphql::api::Api,
    xieshang_schema::identity::Viewer,
)> {
    let clock = Clock::system();
    let (db, url) = prepare(settings, &clock, COMMAND_TIMEOUT).await?;
    let viewer = operators::exporting_as(&db, &clock, login, summary)
        .await
        .map_err(|error| match error {
            ApiError::NotFound => anyhow::anyhow!("no enabled user has the login name {login}"),
            other => said(other),
        })?;
    // Nothing kept between the reads: no relay tells this process of changes.
    let sqlite_file = (db.backend() == Backend::Sqlite).then(|| sqlite_path(&url));
    let bus = Arc::new(EventBus::new(Viewers::for_database(sqlite_file)));
    let api = xieshang_schema::build(db, clock, bus, SchemaOptions::default()).await;
    Ok((api, viewer))
}

const DEMO_ACCOUNTS: &str = "demo accounts: office-220100-admin, employer-01-officer, union-01-officer, ... (see README), password";

/// `xieshang demo --scale N`: the demo city and its copies, with a
/// progress bar on standard error.
async fn load_scaled_demo(settings: &Settings, scale: usize) -> anyhow::Result<()> {
    let clock = Clock::system();
    let (db, _) = prepare(settings, &clock, COMMAND_TIMEOUT).await?;
    let started = std::time::Instant::now();
    let progress = |done: usize, wanted: usize| progress_bar("copies", done, wanted, started);
    let made = demo::scale(&db, &clock, scale, progress)
        .await
        .map_err(|e| said(e).context("loading the demo"))?;
    eprintln!();
    println!(
        "the demo city at {scale}× ({made} copies made now) in {:.1} s; {DEMO_ACCOUNTS} {DEMO_PASSWORD}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(
    settings: &Settings,
    server: &ServerSettings,
    load_demo: bool,
) -> anyhow::Result<()> {
    // The address first: on a busy port, nothing is created.
    let listener = tokio::net::TcpListener::bind(server.bind)
        .await
        .with_context(|| format!("listening on {}", server.bind))?;
    let clock = Clock::system();
    let (db, url) = prepare(settings, &clock, server.request_timeout()).await?;
    if load_demo {
        let loaded = demo::load(&db, &clock)
            .await
            .map_err(|e| said(e).context("loading the demo"))?;
        tracing::info!(parts = ?loaded, "demo city ready");
        println!("{DEMO_ACCOUNTS} {DEMO_PASSWORD}");
    }
    let limits = Limits::default();
    let options = SchemaOptions {
        limits,
        introspection: !server.production,
        suggestions: !server.production,
        session_ttl: chrono::Duration::hours(i64::from(server.session_hours.max(1))),
        reminders: settings.reminder_offsets.clone(),
    };
    let sqlite_file = (db.backend() == Backend::Sqlite).then(|| sqlite_path(&url));
    let bus = Arc::new(EventBus::new(Viewers::for_database(sqlite_file)));
    tokio::spawn(relay(db.clone(), url.clone(), bus.clone()));
    let installation = {
        let mut pooled = db.get().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        xieshang_schema::events::mail::installation_id(&mut pooled.conn())
            .await
            .context("reading the installation's id")?
    };
    let mailer = jobs::mail::Mailer::new(&jobs::mail::MailSettings {
        smtp_url: server.smtp_url.as_deref(),
        username: server.smtp_username.as_deref(),
        password: server.smtp_password.as_deref(),
        from: &server.mail_from,
        data_dir: &settings.data_dir,
        base_url: &server.public_url,
        installation: &installation,
    })?;
    let mail = mailer.description.clone();
    tokio::spawn(jobs::mail::run(
        db.clone(),
        clock.clone(),
        bus.clone(),
        mailer,
    ));
    let scheduler = jobs::scheduler::Scheduler {
        db: db.clone(),
        clock: clock.clone(),
        bus: bus.clone(),
        offsets: settings.reminder_offsets.clone(),
        transitions: xieshang_schema::areas::transitions(&settings.reminder_offsets),
    };
    // Under the test clock, time moves only when a test moves it, and the
    // scheduler runs then (see `http::test_clock`).
    if !server.test_clock {
        tokio::spawn(scheduler.clone().run());
    }
    let state = http::AppState {
        api: xieshang_schema::build(db.clone(), clock.clone(), bus.clone(), options).await,
        bus: bus.clone(),
        db,
        clock,
        database_url: Arc::from(url.as_str()),
        body_limit: server.body_limit,
        response_limit: server.response_limit,
        request_timeout: server.request_timeout(),
        read_timeout: server.read_timeout(),
        max_batch: limits.max_batch,
        graphiql: !server.production,
        test_clock: server.test_clock,
        scheduler,
        sockets: Arc::default(),
        cors: server.cors_origins.clone(),
        socket_caps: http::SocketCaps {
            per_user: server.max_sockets_per_user,
            subscriptions: server.max_subscriptions_per_socket,
            ping_every: std::time::Duration::from_millis(server.idle_timeout * 1_000 / 3),
        },
        limiter: Arc::new(http::rate::Limiter::new(http::rate::Budget {
            per_second: server.rate_per_second,
            burst: server.rate_burst,
            mutation_cost: server.rate_mutation_cost,
        })),
        proxies: Arc::new(
            http::address::Proxies::parse(&server.trusted_proxies).map_err(anyhow::Error::msg)?,
        ),
    };
    if server.test_clock {
        tracing::warn!(
            "the test clock is on: POST /_test/clock moves time; never use this in production"
        );
    }
    let address = listener.local_addr()?;
    // Room for the database pool, the log and the files a process keeps.
    let files = http::listener::raise_open_files();
    let connections = server
        .max_connections
        .min(usize::try_from(files.saturating_sub(128)).unwrap_or(usize::MAX));
    tracing::info!(database = %redacted(&url), %mail, connections, "listening on http://{address}");
    let idle = std::time::Duration::from_secs(server.idle_timeout);
    let read = server.read_timeout();
    let listener = http::listener::Capped::new(listener, connections, idle);
    http::listener::serve(listener, http::router(state), read, shutdown()).await;
    Ok(())
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}
