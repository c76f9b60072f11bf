import { createApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { createHttpServer } from './http-limits.ts';
import { answerMemoryProbes } from './memory-probe.ts';
import { answerFaultControl } from './runtime/fsx.ts';

const config = configFromEnv();
const station = await createApp(config);
if (station.generatedAdminPassword !== undefined) {
  // Printed once, at the start that created the account; it is stored only as a scrypt hash.
  process.stdout.write(`Created administrator "admin" with password: ${station.generatedAdminPassword}\n`);
}
// Only for a parent process that opened an IPC channel (`npm run load`); never over HTTP.
answerMemoryProbes(station.services.db);
// Only when PHOTOSTATION_FAULT says `fs-ipc` (npm run fault-test): faults armed by the parent.
answerFaultControl();
const server = createHttpServer(station.app.callback(), config.http, config.log);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // The first line's form is read by test/helpers/child-server.ts and the scripts that start a server.
  process.stdout.write(`Photo Station server on http://${host}:${port}/photo/webapi/entry.cgi (data in ${config.dataDir})\n`);
  process.stdout.write(`Web page: http://${host}:${port}/photo/\n`);
});

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  process.stdout.write(`${signal}: closing\n`);
  server.close();
  server.closeIdleConnections();
  await station.close();
  // Last: the access lines of the calls that were still running are in the buffer.
  await config.closeLogs();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
