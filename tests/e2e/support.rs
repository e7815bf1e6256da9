//! Boots the real `xieshang` binary on a free port with its own data
//! directory (and, for PostgreSQL, its own fresh database), and talks to it
//! as a client would.

use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Which database a test server runs on.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    /// The admin URL of a PostgreSQL server; each app gets a fresh database on it.
    Postgres(String),
}

impl Backend {
    /// PostgreSQL from `XIESHANG_TEST_POSTGRES_URL`. Without it the PostgreSQL
    /// variant of a test is skipped, except in CI, where it must be set.
    pub fn postgres() -> Option<Backend> {
        match std::env::var("XIESHANG_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => Some(Backend::Postgres(url)),
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI must set XIESHANG_TEST_POSTGRES_URL")
            }
            _ => {
                eprintln!("XIESHANG_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
                None
            }
        }
    }
}

/// Generates, for each async test function taking a `Backend`, one test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() {
                    if let Some(backend) = $crate::support::Backend::postgres() {
                        super::$name(backend).await
                    }
                }
            )*
        }
    };
}

/// A running server.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    _child: Child,
    _data_dir: tempfile::TempDir,
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// Creates a fresh database on the PostgreSQL server and returns its URL.
async fn fresh_postgres_database(admin_url: &str) -> String {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let name = format!(
        "xieshang_test_{}_{}_{}",
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::SeqCst),
        nanos_since_epoch()
    );
    let mut admin = AsyncPgConnection::establish(admin_url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL has a path");
    format!("{base}/{name}")
}

fn nanos_since_epoch() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

impl TestApp {
    pub async fn spawn(backend: &Backend) -> TestApp {
        TestApp::spawn_with(backend, &[]).await
    }

    /// Starts `xieshang serve` with extra arguments (such as `--demo`).
    pub async fn spawn_with(backend: &Backend, args: &[&str]) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let mut command = Command::new(env!("CARGO_BIN_EXE_xieshang"));
        command
            .arg("serve")
            .args(args)
            .args(["--bind", "127.0.0.1:0"])
            .env("XIESHANG_DATA_DIR", data_dir.path())
            .env("XIESHANG_LOG_FORMAT", "json")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Backend::Postgres(admin_url) = backend {
            command.env("DATABASE_URL", fresh_postgres_database(admin_url).await);
        }
        let mut child = command.spawn().expect("start xieshang");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next_line()
                .await
                .expect("read server output")
                .expect("server exited early");
            let log: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
            let message = log
                .pointer("/fields/message")
                .and_then(Value::as_str)
                .unwrap_or("");
            if let Some(address) = message.strip_prefix("listening on ") {
                break address.to_owned();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        TestApp {
            address,
            client: reqwest::Client::new(),
            _child: child,
            _data_dir: data_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("POST /graphql");
        response.json().await.expect("a JSON response")
    }

    /// Runs a GraphQL request that must succeed, returning its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.graphql(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }
}

/// The `extensions.code` of the first error of a response.
pub fn error_code(body: &Value) -> &str {
    body.pointer("/errors/0/extensions/code")
        .and_then(Value::as_str)
        .unwrap_or("")
}
