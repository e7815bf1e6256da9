//! The listening socket, bounded: at most a set number of connections at
//! once, below the process's open-file limit, so that slow or idle clients
//! cannot stop the server accepting ("Too many open files"). A connection
//! beyond the cap is answered `503` at once and closed.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A listener that holds at most `cap` connections, each closed once its
/// client has sent nothing for `idle` (an idle keep-alive, a half-sent
/// request; open websockets are pinged, and their pongs count).
pub struct Capped {
    inner: TcpListener,
    permits: Arc<Semaphore>,
    /// Connections beyond the cap being answered `503`: bounded too, since
    /// each holds a file while its client sends its head.
    refusals: Arc<Semaphore>,
    idle: Duration,
}

/// Connections beyond the cap answered at once; more are closed unanswered.
const REFUSING: usize = 64;

impl Capped {
    pub fn new(inner: TcpListener, cap: usize, idle: Duration) -> Capped {
        Capped {
            inner,
            permits: Arc::new(Semaphore::new(cap.max(1))),
            refusals: Arc::new(Semaphore::new(REFUSING)),
            idle,
        }
    }
}

/// A connection, holding its place under the cap until it closes.
pub struct Held {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    idle: Duration,
    /// When the connection is taken for idle, unless the client sends.
    deadline: Pin<Box<tokio::time::Sleep>>,
}

/// The answer to a connection beyond the cap.
fn busy() -> Vec<u8> {
    let body = r#"{"errors":[{"message":"The server is at its connection limit","extensions":{"code":"BUSY"}}]}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\nretry-after: 1\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

impl Capped {
    /// The next connection under the cap; those beyond it are answered
    /// `503` (or closed) here and never returned.
    async fn accept(&mut self) -> (Held, std::net::SocketAddr) {
        loop {
            let (mut stream, address) = match self.inner.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files or similar: wait rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            match self.permits.clone().try_acquire_owned() {
                Ok(permit) => {
                    let held = Held {
                        stream,
                        _permit: permit,
                        idle: self.idle,
                        deadline: Box::pin(tokio::time::sleep(self.idle)),
                    };
                    return (held, address);
                }
                Err(_) => {
                    // Past the refusals in flight too: close at once.
                    let Ok(refusing) = self.refusals.clone().try_acquire_owned() else {
                        continue;
                    };
                    tokio::spawn(async move {
                        let _refusing = refusing;
                        // Answer once the request's head has come (a client
                        // may not read an answer sent before its request).
                        let answer = async {
                            let mut head = Vec::with_capacity(1_024);
                            let mut chunk = [0u8; 1_024];
                            while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16_384
                            {
                                let n = stream.read(&mut chunk).await?;
                                if n == 0 {
                                    break;
                                }
                                head.extend_from_slice(&chunk[..n]);
                            }
                            stream.write_all(&busy()).await?;
                            stream.shutdown().await
                        };
                        let _ = tokio::time::timeout(Duration::from_secs(2), answer).await;
                    });
                }
            }
        }
    }
}

impl AsyncRead for Held {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    let next = tokio::time::Instant::now() + self.idle;
                    self.deadline.as_mut().reset(next);
                }
                Poll::Ready(result)
            }
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client sent nothing for too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for Held {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the
/// open connections finish their requests. A client has `head` to send each
/// request's head, however steadily it trickles bytes (the idle timeout
/// alone would let one byte every few seconds hold a connection forever).
pub async fn serve(
    mut listener: Capped,
    router: axum::Router,
    head: Duration,
    shutdown: impl Future<Output = ()>,
) {
    // Every connection's task holds a receiver; once all are dropped, the
    // sender's `closed` resolves and the server is done.
    let (stop, stopped) = tokio::sync::watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut request| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                tower::Service::call(&mut router.clone(), request)
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(head)
                .serve_connection(hyper_util::rt::TokioIo::new(io), service)
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.as_mut().await;
                }
            }
        });
    }
    drop(stopped);
    let _ = stop.send(());
    stop.closed().await;
}

/// Raises the soft limit of open files to the hard limit (at most 65,536)
/// and returns it: how many connections the process can hold.
#[cfg(unix)]
pub fn raise_open_files() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1_024;
        }
        let wanted = limit.rlim_max.min(65_536);
        if wanted > limit.rlim_cur {
            let raised = libc::rlimit {
                rlim_cur: wanted,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return wanted;
            }
        }
    }
    limit.rlim_cur
}

#[cfg(not(unix))]
pub fn raise_open_files() -> u64 {
    1_024
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_busy_answer_declares_its_length() {
        let bytes = super::busy();
        let text = std::str::from_utf8(&bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
    }
}
