// A real SMTP server for the notification tests. Usage: node mail-sink.js PORT OUTDIR
// Listens on 127.0.0.1:PORT without TLS or authentication, writes every accepted message to OUTDIR
// as NNNN.eml (the envelope recipients in an X-Sink-Rcpt header line first) and prints "ready" when listening.
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const port = Number(process.argv[2]);
const outDir = process.argv[3];
if (!port || !outDir) {
  console.error('usage: node mail-sink.js PORT OUTDIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const rcpt = session.envelope.rcptTo.map((r) => r.address).join(',');
      const name = String(++count).padStart(4, '0') + '.eml';
      const body = Buffer.concat([Buffer.from('X-Sink-Rcpt: ' + rcpt + '\r\n'), ...chunks]);
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const tmp = path.join(outDir, name + '.tmp');
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, path.join(outDir, name));
      callback();
    });
  },
});
server.on('error', (err) => console.error('mail-sink: ' + err.message));
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
