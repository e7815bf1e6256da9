//! The `xieshang` binary: configuration, start-up and the HTTP server.

mod config;
mod http;
mod telemetry;

use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use xieshang_schema::clock::Clock;
use xieshang_schema::db::{Backend, Database, DbSettings, run_migrations};
use xieshang_schema::graphql::limits::Limits;
use xieshang_schema::{SchemaOptions, demo};

use crate::config::{Cli, Command, Settings, redacted};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            print!("{}", xieshang_schema::sdl());
            Ok(())
        }
        Command::Migrate => {
            telemetry::init(cli.settings.log_format);
            let url = prepare_database_url(&cli.settings)?;
            let ran = run_migrations(&url)
                .await
                .context("migrating the database")?;
            tracing::info!(database = %redacted(&url), migrations = ran, "migrations applied");
            Ok(())
        }
        Command::Serve { demo } => {
            telemetry::init(cli.settings.log_format);
            serve(&cli.settings, demo).await
        }
    }
}

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

async fn serve(settings: &Settings, load_demo: bool) -> anyhow::Result<()> {
    let url = prepare_database_url(settings)?;
    run_migrations(&url)
        .await
        .context("migrating the database")?;
    let db = Database::open(&DbSettings {
        url: url.clone(),
        max_connections: settings.db_connections.max(1),
        statement_timeout: settings.request_timeout(),
    })
    .await
    .context("opening the database")?;
    let clock = Clock::system();
    if load_demo {
        let loaded = demo::load(&db, &clock)
            .await
            .map_err(|e| anyhow::anyhow!("loading the demo: {e:?}"))?;
        tracing::info!(parts = ?loaded, "demo city ready");
    }
    let limits = Limits::default();
    let options = SchemaOptions {
        limits,
        introspection: !settings.production,
        suggestions: !settings.production,
    };
    let state = http::AppState {
        schema: xieshang_schema::build(db.clone(), clock, options),
        db,
        database_url: Arc::from(url.as_str()),
        body_limit: settings.body_limit,
        request_timeout: settings.request_timeout(),
        max_batch: limits.max_batch,
        graphiql: !settings.production,
    };
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("binding {}", settings.bind))?;
    let address = listener.local_addr()?;
    tracing::info!(database = %redacted(&url), "listening on http://{address}");
    axum::serve(listener, http::router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")
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
