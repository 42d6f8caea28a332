import rule from '../../../src/rules/async/select-not-cancel-safe.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'cancel-safe recv and read in a loop',
      code: `pub async fn pump(mut rx: Receiver<Msg>, mut sock: TcpStream, mut buf: Vec<u8>) {
    loop {
        tokio::select! {
            Some(m) = rx.recv() => handle(m).await,
            n = sock.read(&mut buf) => { if n.unwrap() == 0 { break; } }
        }
    }
}
`,
    },
    {
      name: 'read_exact that only loses to shutdown (loop ends)',
      code: `pub async fn serve(mut sock: TcpStream, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            res = sock.read_exact(&mut header) => { res?; dispatch(&header).await; }
            _ = shutdown.changed() => break,
        }
    }
    Ok(())
}
`,
    },
    {
      name: 'pinned future polled by reference',
      code: `pub async fn serve(mut sock: TcpStream, mut tick: Interval) {
    let mut buf = Vec::new();
    let read = sock.read_to_end(&mut buf);
    tokio::pin!(read);
    loop {
        tokio::select! {
            _ = &mut read => break,
            _ = tick.tick() => heartbeat().await,
        }
    }
}
`,
    },
    {
      name: 'select! not in a loop',
      code: `pub async fn once(mut sock: TcpStream, timeout: Sleep) -> io::Result<()> {
    let mut header = [0u8; 4];
    tokio::select! {
        res = sock.read_exact(&mut header) => res.map(|_| ()),
        _ = timeout => Err(io::ErrorKind::TimedOut.into()),
    }
}
`,
    },
    {
      name: 'FramedRead stream next',
      code: `pub async fn serve(mut frames: FramedRead<TcpStream, Codec>, mut tick: Interval) {
    loop {
        tokio::select! {
            Some(f) = frames.next() => handle(f).await,
            _ = tick.tick() => heartbeat().await,
        }
    }
}
`,
    },
    {
      name: 'read_exact losing only to a branch that always returns',
      code: `pub async fn relay(mut conn: UnixStream, mut stop: oneshot::Receiver<()>) -> io::Result<()> {
    let mut len = [0u8; 2];
    loop {
        select! {
            r = conn.read_exact(&mut len) => { r?; forward(&len).await?; }
            _ = &mut stop => {
                tracing::info!("relay stopping");
                return Ok(());
            }
        }
    }
}
`,
    },
    {
      name: 'write_all losing only to a labelled break after cleanup',
      code: `pub async fn flush_loop(mut out: TcpStream, mut quit: watch::Receiver<()>, data: Vec<u8>) {
    'outer: loop {
        tokio::select! {
            r = out.write_all(&data) => { if r.is_err() { break 'outer; } }
            _ = quit.changed() => { drain().await; break 'outer }
        }
    }
}
`,
    },
    {
      name: 'read_u8 is cancel-safe (a single byte is never half read)',
      code: `pub async fn opcode_loop(mut sock: TcpStream, mut tick: Interval) {
    loop {
        tokio::select! {
            op = sock.read_u8() => apply(op).await,
            _ = tick.tick() => ping().await,
        }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'read_exact racing a heartbeat tick',
      code: `pub async fn run(mut socket: TcpStream, mut tick: Interval) -> io::Result<()> {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            res = socket.read_exact(&mut header) => {
                res?;
                dispatch(&header).await;
            }
            _ = tick.tick() => { heartbeat().await; }
        }
    }
}
`,
      lines: [5],
      messageIncludes: 'read_exact(..)',
    },
    {
      name: 'write_all racing a channel in a while loop (biased)',
      code: `pub async fn writer(mut out: TcpStream, mut rx: Receiver<Bytes>, mut pending: Bytes) {
    while !pending.is_empty() {
        select! {
            biased;
            Some(extra) = rx.recv() => queue(extra),
            r = out.write_all(&pending) => { r.unwrap(); pending.clear(); }
        }
    }
}
`,
      lines: [6],
      messageIncludes: 'write_all(..)',
    },
    {
      name: 'hand-written future that awaits read_exact',
      code: `impl Conn {
    async fn read_frame(&mut self) -> io::Result<Frame> {
        let mut len = [0u8; 4];
        self.stream.read_exact(&mut len).await?;
        let mut body = vec![0; u32::from_be_bytes(len) as usize];
        self.stream.read_exact(&mut body).await?;
        Ok(Frame(body))
    }
    pub async fn run(&mut self, mut rx: Receiver<Frame>) {
        loop {
            tokio::select! {
                frame = self.read_frame() => self.handle(frame).await,
                Some(out) = rx.recv() => self.send(out).await,
            }
        }
    }
}
`,
      lines: [12],
      messageIncludes: 'read_frame(..)',
    },
    {
      name: 'other branch only conditionally breaks (if inside the handler)',
      code: `pub async fn pump(mut peer: TcpStream, mut ctl: Receiver<Ctl>) -> io::Result<()> {
    let mut hdr = [0u8; 8];
    loop {
        tokio::select! {
            got = peer.read_exact(&mut hdr) => { got?; route(&hdr).await; }
            cmd = ctl.recv() => {
                if matches!(cmd, None | Some(Ctl::Stop)) {
                    break;
                }
                apply(cmd).await;
            }
        }
    }
    Ok(())
}
`,
      lines: [5],
      messageIncludes: 'read_exact(..)',
    },
    {
      name: 'free fn built on read_u32 raced against a tick that returns only on error',
      code: `async fn next_record<R: AsyncRead + Unpin>(src: &mut R) -> io::Result<Vec<u8>> {
    let n = src.read_u32().await? as usize;
    let mut v = vec![0; n];
    src.read_buf(&mut v).await?;
    Ok(v)
}

pub async fn consume(mut src: TcpStream, mut every: Interval, sink: Sink) -> io::Result<()> {
    loop {
        tokio::select! {
            rec = next_record(&mut src) => sink.push(rec?).await,
            _ = every.tick() => {
                if let Err(e) = sink.flush().await { return Err(e); }
            }
        }
    }
}
`,
      lines: [11],
      messageIncludes: 'next_record(..)',
    },
  ],
});
