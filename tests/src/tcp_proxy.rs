//! A toxiproxy-style TCP proxy for fault injection: it listens on a random
//! loopback port and forwards every connection to an upstream address (the
//! test's PostgreSQL). [`TcpProxy::stop`] closes the listener and cuts every
//! open connection, so the server sees its database vanish mid-flight without
//! the shared database server being touched; [`TcpProxy::start`] accepts again
//! on the same port.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpSocket, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// A running (or stopped) proxy; everything stops when it is dropped.
#[derive(Debug)]
pub struct TcpProxy {
    /// Where the proxy listens (stable across stop/start).
    pub addr: SocketAddr,
    upstream: String,
    accept: Mutex<Option<JoinHandle<()>>>,
    conns: Arc<Mutex<JoinSet<()>>>,
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        if let Some(task) = self.accept.lock().unwrap().take() {
            task.abort();
        }
        self.conns.lock().unwrap().abort_all();
    }
}

fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

impl TcpProxy {
    /// Starts a proxy to `upstream` (`host:port`) on a random loopback port.
    pub async fn start_to(upstream: impl Into<String>) -> TcpProxy {
        let listener = listen("127.0.0.1:0".parse().unwrap()).expect("proxy listens");
        let addr = listener.local_addr().unwrap();
        let proxy = TcpProxy {
            addr,
            upstream: upstream.into(),
            accept: Mutex::new(None),
            conns: Arc::new(Mutex::new(JoinSet::new())),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let upstream = self.upstream.clone();
        let conns = self.conns.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let mut set = conns.lock().unwrap();
                // Reap finished connections so the set does not grow.
                while set.try_join_next().is_some() {}
                set.spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
            }
        });
        *self.accept.lock().unwrap() = Some(task);
    }

    /// Stops accepting (new connections are refused) and cuts every open
    /// connection; returns once both have happened.
    pub async fn stop(&self) {
        let accept = self.accept.lock().unwrap().take();
        if let Some(task) = accept {
            task.abort();
            let _ = task.await;
        }
        let mut open = std::mem::take(&mut *self.conns.lock().unwrap());
        open.abort_all();
        while open.join_next().await.is_some() {}
    }

    /// Accepts again on the same port (no-op while running).
    pub async fn start(&self) {
        if self.accept.lock().unwrap().is_some() {
            return;
        }
        // The port was ours a moment ago; retry briefly in case the kernel
        // has not released it yet.
        let mut attempt = 0;
        let listener = loop {
            match listen(self.addr) {
                Ok(l) => break l,
                Err(_) if attempt < 50 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("proxy cannot listen on {} again: {e}", self.addr),
            }
        };
        self.serve(listener);
    }

    /// Whether the proxy currently accepts connections.
    pub fn is_running(&self) -> bool {
        self.accept.lock().unwrap().is_some()
    }
}
