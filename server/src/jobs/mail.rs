//! The email outbox worker: turns new events into notifications, then sends
//! the due ones over SMTP (or into `<data dir>/mail/*.eml` when no SMTP
//! server is configured), retrying with backoff.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use xieshang_schema::clock::Clock;
use xieshang_schema::db::{Database, stored};
use xieshang_schema::events::bus::EventBus;
use xieshang_schema::events::mail::{Outgoing, outgoing};
use xieshang_schema::events::notifications;
use xieshang_schema::graphql::errors::ApiError;
use xieshang_schema::transaction;

/// How long a claimed email stays reserved for the worker that claimed it.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// Emails claimed per round.
const BATCH: i64 = 50;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Where email goes, and from whom.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    domain: String,
    /// This installation's random id, in every Message-ID.
    installation: String,
    /// Prefix of the links in emails.
    base_url: String,
    /// For the start-up log line.
    pub description: String,
}

/// What the SMTP settings are.
pub struct MailSettings<'a> {
    pub smtp_url: Option<&'a str>,
    pub username: Option<&'a str>,
    pub password: Option<&'a str>,
    pub from: &'a str,
    pub data_dir: &'a std::path::Path,
    pub base_url: &'a str,
    /// This installation's random id (see `installation_id`).
    pub installation: &'a str,
}

/// Our URL rules: `smtp://` means STARTTLS (required), `smtps://` TLS from the
/// start, and `smtp://…?tls=none` a plain connection (a local relay).
fn lettre_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let tls = pairs
        .iter()
        .find_map(|p| p.strip_prefix("tls="))
        .map(str::to_owned);
    if base.starts_with("smtp://") {
        match tls.as_deref() {
            None => pairs.push("tls=required"),
            Some("none") => pairs.retain(|p| !p.starts_with("tls=")),
            Some(_) => {}
        }
    }
    if pairs.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", pairs.join("&"))
    }
}

impl Mailer {
    pub fn new(settings: &MailSettings<'_>) -> anyhow::Result<Mailer> {
        let from: Mailbox = settings
            .from
            .parse()
            .context("XIESHANG_MAIL_FROM is not a mailbox")?;
        let domain = from.email.domain().to_owned();
        let (transport, description) = match settings.smtp_url.filter(|u| !u.is_empty()) {
            Some(url) => {
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url(url))
                    .context("XIESHANG_SMTP_URL is not a usable SMTP URL")?;
                if let Some(username) = settings.username.filter(|u| !u.is_empty()) {
                    let password = settings.password.unwrap_or_default();
                    builder = builder
                        .credentials(Credentials::new(username.to_owned(), password.to_owned()));
                }
                let shown = url
                    .split('@')
                    .next_back()
                    .unwrap_or(url)
                    .split('?')
                    .next()
                    .unwrap_or(url);
                (Transport::Smtp(builder.build()), format!("smtp {shown}"))
            }
            None => {
                let dir = settings.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let description = format!("files in {}", dir.display());
                (Transport::Files(AsyncFileTransport::new(dir)), description)
            }
        };
        Ok(Mailer {
            transport,
            from,
            domain,
            installation: settings.installation.to_owned(),
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            description,
        })
    }

    /// The stable Message-ID of a notification's email: the same on a resend,
    /// never the same as another installation's.
    fn message_id(&self, notification_id: i64) -> String {
        format!(
            "<notification-{notification_id}.{}@{}>",
            self.installation, self.domain
        )
    }

    /// Sends one email at `now`; an error says whether retrying is pointless.
    async fn send(
        &self,
        email: &Outgoing,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), (String, bool)> {
        let to = format!(
            "{} <{}>",
            email.to_name.replace(['<', '>', '"'], ""),
            email.to_email
        )
        .parse::<Mailbox>()
        .map_err(|e| (format!("bad recipient: {e}"), true))?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.rendered.subject.clone())
            .message_id(Some(self.message_id(email.notification.id)))
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::Base64)
                    .body(email.rendered.body.clone()),
            )
            .map_err(|e| (format!("cannot build the message: {e}"), true))?;
        let headers = message.headers_mut();
        // Beijing time, as the recipients read it (lettre writes UTC).
        let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("a valid offset");
        headers.remove_raw("Date");
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Date"),
            now.with_timezone(&beijing).to_rfc2822(),
        ));
        // RFC 3834: no out-of-office replies to a machine.
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| (e.to_string(), e.is_permanent())),
            Transport::Files(files) => files
                .send(message)
                .await
                .map(drop)
                .map_err(|e| (e.to_string(), false)),
        }
    }
}

/// Runs the worker until the process ends, waking on every event and at
/// least once a second.
pub async fn run(db: Database, clock: Clock, bus: Arc<EventBus>, mailer: Mailer) {
    let mut events = bus.subscribe();
    loop {
        if let Err(error) = run_once(&db, &clock, &mailer, &bus).await {
            tracing::warn!(?error, "the mail worker's round failed");
        }
        tokio::select! {
            _ = events.recv() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// One round: fan out every new event (inboxes kept are then forgotten),
/// then send the due emails. Returns how many emails were sent.
pub async fn run_once(
    db: &Database,
    clock: &Clock,
    mailer: &Mailer,
    bus: &EventBus,
) -> Result<usize, ApiError> {
    loop {
        let now = stored(clock.now());
        let fanned = transaction!(db, |conn| Ok::<_, ApiError>(
            notifications::fan_out(conn, now, 100).await?
        ))?;
        if fanned == 0 {
            break;
        }
        bus.viewers.changed();
    }
    let mut sent = 0;
    loop {
        let now = stored(clock.now());
        let claimed = transaction!(db, |conn| Ok::<_, ApiError>(
            notifications::claim_emails(conn, now, BATCH, LEASE).await?
        ))?;
        if claimed.is_empty() {
            return Ok(sent);
        }
        let emails = {
            let mut pooled = db.get().await?;
            outgoing(&mut pooled.conn(), &claimed, &mailer.base_url).await?
        };
        for email in &emails {
            let result = mailer.send(email, clock.now()).await;
            let now = stored(clock.now());
            let notification = &email.notification;
            match result {
                Ok(()) => {
                    transaction!(db, |conn| Ok::<_, ApiError>(
                        notifications::mark_sent(conn, notification.id, now).await?
                    ))?;
                    sent += 1;
                }
                Err((error, permanent)) => {
                    let status = transaction!(db, |conn| {
                        Ok::<_, ApiError>(
                            notifications::mark_failed(conn, notification, now, &error, permanent)
                                .await?,
                        )
                    })?;
                    tracing::warn!(notification = notification.id, %error, ?status, "an email was not delivered");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_means_starttls_unless_told_otherwise() {
        assert_eq!(
            lettre_url("smtp://mail.example.cn"),
            "smtp://mail.example.cn?tls=required"
        );
        assert_eq!(
            lettre_url("smtp://127.0.0.1:2525?tls=none"),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(
            lettre_url("smtps://u:p@mail.example.cn"),
            "smtps://u:p@mail.example.cn"
        );
        assert_eq!(
            lettre_url("smtp://h?tls=opportunistic"),
            "smtp://h?tls=opportunistic"
        );
    }
}
