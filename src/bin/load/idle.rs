//! `idle`: open many anonymous viewer sockets on one showtime and keep them open, so the
//! server's memory per idle viewer can be read (e.g. `ps -o rss -C moviehub`) while they sit.

use crate::client::Fail;
use crate::report::Sample;
use crate::scenarios::{joined, Target};
use std::time::{Duration, Instant};

/// Connect `sockets` viewers (each sample: connect + join), hold them open `secs` seconds.
pub async fn idle(t: &Target, sockets: usize, secs: u64) -> Result<Sample, Fail> {
    let mut sample = Sample::new("idle: connect + join per socket");
    let mut open = Vec::with_capacity(sockets);
    let start = Instant::now();
    for _ in 0..sockets {
        let t0 = Instant::now();
        open.push(joined(t, None).await?);
        sample.latencies.push(t0.elapsed());
    }
    sample.elapsed = start.elapsed();
    eprintln!(
        "{} sockets open; holding them for {secs} s (read the server's RSS now)",
        open.len()
    );
    tokio::time::sleep(Duration::from_secs(secs)).await;
    drop(open);
    Ok(sample)
}
