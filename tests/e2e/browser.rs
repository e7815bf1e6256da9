//! A real headless Chromium driven over the DevTools protocol: the page is
//! loaded, typed into and read as a user would, and every request it makes
//! is recorded. Chromium is Debian's (`.ci/run` installs it);
//! `XIESHANG_TEST_BROWSER` names another binary (and must exist).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Headless, with nothing of its own on the network, and every outside
/// host unreachable.
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Any host but this server's fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/// The browser to run, or `None` (and a note) when the machine has none
/// and no test asked for one.
pub fn binary() -> Option<String> {
    let named = std::env::var("XIESHANG_TEST_BROWSER").ok();
    let browser = named.clone().unwrap_or_else(|| "/usr/bin/chromium".into());
    if std::path::Path::new(&browser).exists() {
        return Some(browser);
    }
    assert!(
        named.is_none(),
        "XIESHANG_TEST_BROWSER names {browser}, which does not exist"
    );
    eprintln!("no browser at {browser}: the pages were not rendered");
    None
}

/// A headless browser with one page, attached.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    session: String,
    next: u64,
    /// The URL of every request the page made.
    pub requests: Vec<String>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts `binary` headless with every outside host unreachable, and
    /// opens a blank page.
    pub async fn launch(binary: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args(HEADLESS)
            .args(["--remote-debugging-port=0", "--window-size=1280,1000"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the browser");
        let stderr = child.stderr.take().unwrap();
        let address = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stderr).lines();
            let found = lines.by_ref().map_while(Result::ok).find_map(|line| {
                line.split_once("DevTools listening on ")
                    .map(|(_, url)| url.trim().to_owned())
            });
            // Keep reading, so the browser never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            found
        })
        .await
        .unwrap()
        .expect("the browser's DevTools address");
        let (socket, _) = tokio_tungstenite::connect_async(address).await.unwrap();
        let mut browser = Browser {
            child,
            _profile: profile,
            socket,
            session: String::new(),
            next: 0,
            requests: Vec::new(),
        };
        let target = browser
            .send(None, "Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let attached = browser
            .send(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target["targetId"], "flatten": true }),
            )
            .await;
        browser.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in ["Page.enable", "Network.enable", "Runtime.enable"] {
            browser.call(domain, json!({})).await;
        }
        browser
    }

    /// Sends a command (to the page's session unless `session` is `None`
    /// for the browser) and waits for its answer, recording the page's
    /// requests meanwhile.
    async fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::Text(command.to_string().into()))
            .await
            .unwrap();
        loop {
            let message = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("{method}: no answer"))
                .expect("the DevTools socket is open")
                .unwrap();
            let Message::Text(text) = message else {
                continue;
            };
            let message: Value = serde_json::from_str(&text).unwrap();
            if message["method"] == "Network.requestWillBeSent" {
                let url = &message["params"]["request"]["url"];
                self.requests
                    .push(url.as_str().unwrap_or_default().to_owned());
            }
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    async fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params).await
    }

    /// Lets the page download files into `dir`.
    pub async fn allow_downloads(&mut self, dir: &std::path::Path) {
        let params = json!({ "behavior": "allow", "downloadPath": dir.display().to_string() });
        self.send(None, "Browser.setDownloadBehavior", params).await;
    }

    pub async fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url })).await;
    }

    /// Evaluates `expression` in the page (awaiting a promise), its value.
    pub async fn evaluate(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page (20 s at most).
    pub async fn wait_for(&mut self, expression: &str) {
        for _ in 0..100 {
            if self.evaluate(expression).await == json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let body = self.evaluate("document.body.innerText").await;
        panic!("{expression} never held; the page shows: {body}");
    }

    /// The `data-value` of each `[data-figure]`, by name.
    pub async fn figures(&mut self) -> HashMap<String, i64> {
        let figures = self
            .evaluate(
                "Object.fromEntries([...document.querySelectorAll('[data-figure]')]
                    .map(e => [e.dataset.figure, Number(e.dataset.value)]))",
            )
            .await;
        serde_json::from_value(figures).unwrap()
    }

    /// The requests the page made anywhere but under `base` (this server).
    pub fn outside(&self, base: &str) -> Vec<&String> {
        self.requests
            .iter()
            .filter(|url| !url.starts_with(base) && !url.starts_with("data:"))
            .collect()
    }

    /// Saves a PNG of the whole page as `<name>.png` in the folder
    /// `XIESHANG_TEST_SCREENSHOTS` names, when it names one.
    pub async fn keep_screenshot(&mut self, name: &str) {
        if let Ok(dir) = std::env::var("XIESHANG_TEST_SCREENSHOTS") {
            let shot = self.screenshot().await;
            std::fs::write(format!("{dir}/{name}.png"), shot).unwrap();
        }
    }

    /// A PNG of the whole page.
    pub async fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine;
        let size = self.call("Page.getLayoutMetrics", json!({})).await["cssContentSize"].clone();
        let clip =
            json!({ "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1 });
        let shot = self
            .call(
                "Page.captureScreenshot",
                json!({ "format": "png", "clip": clip, "captureBeyondViewport": true }),
            )
            .await;
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap()
    }
}
