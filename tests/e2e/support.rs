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

/// The password of `admin` in test servers.
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "xieshang-demo";

/// A running server, signed in as `admin` (the city office's administrator).
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The admin's session token.
    pub token: String,
    /// Plain lines the server printed before it listened (first-start passwords).
    pub banner: Vec<String>,
    child: Child,
    args: Vec<String>,
    env: Vec<(String, String)>,
    data_dir: tempfile::TempDir,
    database_url: Option<String>,
    admin_password: Option<String>,
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

/// Starts `xieshang serve` and waits until it listens.
async fn start(
    args: &[String],
    env: &[(String, String)],
    data_dir: &std::path::Path,
    database_url: Option<&str>,
    admin_password: Option<&str>,
) -> (Child, String, Vec<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xieshang"));
    command
        .arg("serve")
        .args(args)
        .args(["--bind", "127.0.0.1:0", "--test-clock"])
        .env("XIESHANG_DATA_DIR", data_dir)
        .env("XIESHANG_LOG_FORMAT", "json")
        .env_remove("DATABASE_URL")
        .env_remove("XIESHANG_ADMIN_PASSWORD")
        .env_remove("XIESHANG_SMTP_URL")
        // Tests drive one user hard; the budget has its own test.
        .env("XIESHANG_RATE_PER_SECOND", "1000000")
        .env("XIESHANG_RATE_BURST", "1000000")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    if let Some(password) = admin_password {
        command.env("XIESHANG_ADMIN_PASSWORD", password);
    }
    let mut child = command.spawn().expect("start xieshang");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut banner = Vec::new();
    let address = loop {
        let line = lines
            .next_line()
            .await
            .expect("read server output")
            .expect("server exited early");
        let Ok(log) = serde_json::from_str::<Value>(&line) else {
            banner.push(line);
            continue;
        };
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
    (child, address, banner)
}

impl TestApp {
    pub async fn spawn(backend: &Backend) -> TestApp {
        TestApp::spawn_with(backend, &[]).await
    }

    /// Starts a server with extra arguments (such as `--demo`), signed in as admin.
    pub async fn spawn_with(backend: &Backend, args: &[&str]) -> TestApp {
        TestApp::launch(backend, args, Some(ADMIN_PASSWORD)).await
    }

    /// Starts a server; with no admin password the first start generates one.
    pub async fn launch(backend: &Backend, args: &[&str], admin_password: Option<&str>) -> TestApp {
        TestApp::launch_with_env(backend, args, &[], admin_password).await
    }

    /// Starts a server with extra environment variables.
    pub async fn launch_with_env(
        backend: &Backend,
        args: &[&str],
        env: &[(&str, &str)],
        admin_password: Option<&str>,
    ) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let database_url = match backend {
            Backend::Postgres(admin_url) => Some(fresh_postgres_database(admin_url).await),
            Backend::Sqlite => None,
        };
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let (child, address, banner) = start(
            &args,
            &env,
            data_dir.path(),
            database_url.as_deref(),
            admin_password,
        )
        .await;
        let mut app = TestApp {
            address,
            client: reqwest::Client::new(),
            token: String::new(),
            banner,
            child,
            args,
            env,
            data_dir,
            database_url,
            admin_password: admin_password.map(str::to_owned),
        };
        if let Some(password) = admin_password {
            app.token = app.login("admin", password).await.expect("admin logs in");
        }
        app
    }

    /// The PostgreSQL database the server runs on.
    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref()
    }

    /// A second server process on the same database, signed in as admin.
    pub async fn second_instance(&self) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let (child, address, banner) = start(
            &self.args,
            &self.env,
            data_dir.path(),
            self.database_url.as_deref(),
            self.admin_password.as_deref(),
        )
        .await;
        let mut app = TestApp {
            address,
            client: reqwest::Client::new(),
            token: String::new(),
            banner,
            child,
            args: self.args.clone(),
            env: self.env.clone(),
            data_dir,
            database_url: self.database_url.clone(),
            admin_password: self.admin_password.clone(),
        };
        if let Some(password) = &self.admin_password {
            app.token = app.login("admin", password).await.expect("admin logs in");
        }
        app
    }

    /// Stops the server and starts it again on the same database.
    pub async fn restart(mut self) -> TestApp {
        self.child.kill().await.expect("stop the server");
        let (child, address, banner) = start(
            &self.args,
            &self.env,
            self.data_dir.path(),
            self.database_url.as_deref(),
            self.admin_password.as_deref(),
        )
        .await;
        TestApp {
            child,
            address,
            banner,
            ..self
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A request to `path` carrying the admin's token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// POSTs a GraphQL request with `token` (none: anonymous) and returns the whole body.
    pub async fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.graphql_in(None, token, query, variables).await
    }

    /// As [`TestApp::graphql_as`], with an `Accept-Language` header when given.
    pub async fn graphql_in(
        &self,
        accept_language: Option<&str>,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(accept_language) = accept_language {
            request = request.header("accept-language", accept_language);
        }
        request
            .send()
            .await
            .expect("POST /graphql")
            .json()
            .await
            .expect("a JSON response")
    }

    /// POSTs a GraphQL request as admin and returns the whole body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_as(Some(&self.token), query, variables).await
    }

    /// Runs a GraphQL request as `token` that must succeed, returning its `data`.
    pub async fn data_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.graphql_as(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Runs a GraphQL request as admin that must succeed, returning its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        self.data_as(Some(&self.token), query, variables).await
    }

    /// Logs in, returning the token, or the whole response when refused.
    pub async fn login(&self, login_name: &str, password: &str) -> Result<String, Value> {
        let query = "mutation($input: LoginInput!) { login(input: $input) { token expiresAt } }";
        let input = json!({ "input": { "loginName": login_name, "password": password } });
        let body = self.graphql_as(None, query, input).await;
        body.pointer("/data/login/token")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(body)
    }

    /// The JSON a GET of `path` answers.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.request(reqwest::Method::GET, path).send().await;
        response.unwrap().json().await.unwrap()
    }

    /// How many rows each table holds (and the versions of versioned rows),
    /// leaving out `ignoring`: tables the server writes in the background.
    pub async fn rows(&self, ignoring: &[&str]) -> Value {
        let mut counts = self.get_json("/_test/rows").await;
        for table in ignoring {
            counts.as_object_mut().unwrap().remove(*table);
        }
        counts
    }

    /// Runs SQL `statements` on this server's database, behind the API's back.
    pub async fn execute(&self, statements: &str) {
        use xieshang_schema::db::diesel_async::SimpleAsyncConnection;
        use xieshang_schema::db::{Conn, Database, DbSettings};
        let url = self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.path().join("xieshang.sqlite").display()
            )
        });
        let db = Database::open(&DbSettings {
            url,
            max_connections: 1,
            statement_timeout: std::time::Duration::from_secs(60),
        })
        .await
        .expect("the database");
        let mut pooled = db.get().await.expect("a connection");
        let done = match pooled.conn() {
            Conn::Postgres(c) => c.batch_execute(statements).await,
            Conn::Sqlite(c) => c.batch_execute(statements).await,
        };
        done.expect("the statements");
    }

    /// Runs `xieshang` with `args` on this server's database.
    pub fn cli(&self, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xieshang"));
        command
            .args(args)
            .env("XIESHANG_DATA_DIR", self.data_dir.path())
            .env("XIESHANG_LOG_FORMAT", "json")
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied());
        if let Some(url) = &self.database_url {
            command.env("DATABASE_URL", url);
        }
        command.output().expect("run xieshang")
    }

    /// Moves the server's clock forward.
    pub async fn advance(&self, by: chrono::Duration) {
        // Whole seconds, rounded up, so the clock never stops short of a target.
        let seconds = by.num_seconds() + i64::from(by.subsec_nanos() > 0);
        let body = json!({ "advanceSeconds": seconds });
        let response = self
            .client
            .post(self.url("/_test/clock"))
            .json(&body)
            .send()
            .await
            .expect("POST /_test/clock");
        assert!(response.status().is_success());
    }
}

/// The `extensions.code` of the first error of a response.
pub fn error_code(body: &Value) -> &str {
    body.pointer("/errors/0/extensions/code")
        .and_then(Value::as_str)
        .unwrap_or("")
}
