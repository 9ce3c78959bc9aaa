//! Running the server: bind, serve with client addresses, background tasks, graceful
//! shutdown on SIGTERM / Ctrl-C.

use super::AppState;
use axum::serve::ListenerExt;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// A running server (used by `serve` and by the tests).
pub struct Running {
    /// The bound address (useful with port 0).
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Ask the server to stop and wait for in-flight requests to finish.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(true);
        self.handle.await.map_err(std::io::Error::other)?
    }
}

/// Bind `listen` and serve `state` until [`Running::stop`].
pub async fn start(state: AppState, listen: SocketAddr) -> std::io::Result<Running> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    // Seat events are small frames; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    let (tx, mut rx) = watch::channel(false);
    super::background::spawn(&state, tx.subscribe());
    let app = super::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|stop| *stop).await;
            })
            .await
    });
    Ok(Running {
        addr,
        shutdown: tx,
        handle,
    })
}

/// Serve until SIGTERM or Ctrl-C, then shut down gracefully.
pub async fn run_until_signal(state: AppState, listen: SocketAddr) -> std::io::Result<()> {
    let running = start(state, listen).await?;
    tracing::info!(addr = %running.addr, "listening on http://{}", running.addr);
    shutdown_signal().await;
    tracing::info!("shutting down: finishing in-flight requests");
    running.stop().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
