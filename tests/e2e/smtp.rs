//! A small SMTP server on loopback for the email tests: it speaks enough
//! SMTP for lettre (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every
//! message it accepts, and can delay its answer to MAIL FROM so that a test
//! can kill a sender in the middle of a batch before a message is transferred.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl ReceivedMail {
    /// A header's value, unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push(' ');
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_owned());
            }
        }
        value
    }

    /// The subject, with RFC 2047 encoded words decoded.
    pub fn subject(&self) -> String {
        let raw = self.header("Subject").unwrap_or_default();
        let mut decoded = String::new();
        for word in raw.split_whitespace() {
            let encoded = word
                .strip_prefix("=?utf-8?b?")
                .or_else(|| word.strip_prefix("=?UTF-8?B?"));
            match encoded.and_then(|w| w.strip_suffix("?=")) {
                Some(b64) => decoded.push_str(&String::from_utf8_lossy(
                    &STANDARD.decode(b64).unwrap_or_default(),
                )),
                None => decoded.push_str(word),
            }
        }
        decoded
    }

    /// The body, decoded from base64.
    pub fn body(&self) -> String {
        let encoded: String = self
            .data
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        String::from_utf8_lossy(&STANDARD.decode(encoded).unwrap_or_default()).into_owned()
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<ReceivedMail>>,
    /// How many MAIL FROM commands arrived.
    senders: Mutex<usize>,
    arrived: Notify,
    delay: Mutex<Duration>,
}

/// The running server.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    state: Arc<State>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = converse(socket, state).await;
                });
            }
        });
        SmtpServer { port, state }
    }

    /// Starts a server, and the demo city sending its email to it.
    pub async fn with_demo(
        backend: &crate::support::Backend,
    ) -> (SmtpServer, crate::support::TestApp) {
        let smtp = SmtpServer::start().await;
        let url = smtp.url();
        let app = crate::support::TestApp::launch_with_env(
            backend,
            &["--demo"],
            &[("XIESHANG_SMTP_URL", &url)],
            Some(crate::support::ADMIN_PASSWORD),
        )
        .await;
        (smtp, app)
    }

    /// The server's URL for XIESHANG_SMTP_URL: plain SMTP, no TLS.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// Waits this long before answering each MAIL FROM.
    pub fn set_delay(&self, delay: Duration) {
        *self.state.delay.lock().unwrap() = delay;
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.state.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` messages arrived (while mail keeps coming).
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        self.wait_until(
            |state| state.received.lock().unwrap().len() >= count,
            &format!("{count} messages"),
        )
        .await;
        self.received()
    }

    /// Waits until `count` messages with `subject` arrived (while mail keeps coming), returning them.
    pub async fn wait_for_subject(&self, subject: &str, count: usize) -> Vec<ReceivedMail> {
        self.wait_for_where(&format!("\"{subject}\""), |m| m.subject() == subject, count)
            .await
    }

    /// Waits until `count` messages of which `wanted` holds arrived (while
    /// mail keeps coming), returning them: `what` names them in the failure.
    pub async fn wait_for_where(
        &self,
        what: &str,
        wanted: impl Fn(&ReceivedMail) -> bool,
        count: usize,
    ) -> Vec<ReceivedMail> {
        let with = |mails: Vec<ReceivedMail>| -> Vec<ReceivedMail> {
            mails.into_iter().filter(|m| wanted(m)).collect()
        };
        self.wait_until(
            |state| with(state.received.lock().unwrap().clone()).len() >= count,
            &format!("{count} messages {what}"),
        )
        .await;
        with(self.received())
    }

    /// Waits until the `count`th MAIL FROM arrived: the messages before it are done.
    pub async fn wait_for_sender(&self, count: usize) {
        self.wait_until(
            |state| *state.senders.lock().unwrap() >= count,
            &format!("MAIL FROM number {count}"),
        )
        .await;
    }

    /// Waits while mail keeps coming: it fails after 30 s without a new
    /// message (a queue of a month's reminders takes longer than that to
    /// deliver in full), or after 5 minutes in all.
    async fn wait_until(&self, done: impl Fn(&State) -> bool, what: &str) {
        let idle = Duration::from_secs(30);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
        loop {
            let arrived = self.state.arrived.notified();
            if done(&self.state) {
                return;
            }
            let until = deadline.min(tokio::time::Instant::now() + idle);
            if tokio::time::timeout_at(until, arrived).await.is_err() {
                let received = self.received();
                let subjects: Vec<String> = received.iter().map(ReceivedMail::subject).collect();
                panic!(
                    "waited for {what} (30 s without mail, or 5 minutes): {} received: {subjects:#?}",
                    received.len()
                );
            }
        }
    }
}

async fn converse(socket: tokio::net::TcpStream, state: Arc<State>) -> std::io::Result<()> {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    writer.write_all(b"220 xieshang-test ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-xieshang-test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") {
            b"250 xieshang-test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            *state.senders.lock().unwrap() += 1;
            state.arrived.notify_waiters();
            let delay = *state.delay.lock().unwrap();
            tokio::time::sleep(delay).await;
            from = line[10..].trim().to_owned();
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            writer
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            while let Some(line) = lines.next_line().await? {
                if line == "." {
                    break;
                }
                data.push_str(
                    line.strip_prefix('.')
                        .filter(|_| line.starts_with(".."))
                        .unwrap_or(&line),
                );
                data.push_str("\r\n");
            }
            state.received.lock().unwrap().push(ReceivedMail {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            state.arrived.notify_waiters();
            b"250 OK queued\r\n"
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("QUIT") {
            writer.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        writer.write_all(reply).await?;
    }
    Ok(())
}
