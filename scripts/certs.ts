/**
 * `npm run certs`: TLS 리스너(SSL, SASL_SSL)를 위한 로컬 인증 기관(CA)과 노드·클라이언트 인증서를 PEM으로 만듭니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 이미 있는 파일은 덮어씁니다 (같은 폴더를 쓰는 브로커는 다시 띄워야 새 인증서를 읽습니다). 개인 키는 저장소에
 * 올리지 않습니다: `data/`는 .gitignore에 있습니다. 만드는 일은 scripts/lib/certs.ts.
 */
import path from 'node:path';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { createCertificates, writeCertificates } from './lib/certs.js';

const USAGE = `TLS 리스너(SSL, SASL_SSL)를 위한 로컬 인증 기관(CA)과 노드·클라이언트 인증서를 PEM으로 만듭니다.
  npm run certs                                  data/certs에 CA, 노드, 클라이언트 alice·bob
  npm run certs -- --dir /tmp/c --client carol   폴더와 클라이언트 이름 (--client는 여러 번)
  npm run certs -- --host kafka-1                노드 인증서에 더할 호스트 이름 (localhost, 127.0.0.1은 늘 들어갑니다)
  npm run certs -- --days 30                     인증서의 유효 기간 (일, 기본 365)`;

const { values } = readCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: path.join('data', 'certs') },
    client: { type: 'string', multiple: true },
    host: { type: 'string', multiple: true, default: [] },
    days: { type: 'string', default: '365' },
  },
});
const days = Number(values.days);
if (!Number.isInteger(days) || days <= 0) exitWithUsage(USAGE, `--days는 양의 정수입니다: ${values.days}`);
const clients = values.client ?? ['alice', 'bob'];
const files = writeCertificates(
  path.resolve(values.dir),
  await createCertificates({ clients, hosts: values.host, days }),
);
const rel = (file: string) => path.relative(process.cwd(), file) || file;

console.log(`인증서를 만들었습니다 (${rel(files.dir)}, ${days}일 유효)`);
console.log(`  CA 인증서          ${rel(files.caCert)}`);
console.log(`  노드 키 + 인증서   ${rel(files.nodeKeystore)}`);
for (const [name, pair] of files.clients)
  console.log(`  클라이언트 ${name.padEnd(7)} ${rel(pair.cert)}, ${rel(pair.key)}`);
console.log('\n브로커 (server.properties 또는 KAFKA_* 환경 변수):');
console.log('  ssl.keystore.type=PEM');
console.log(`  ssl.keystore.location=${files.nodeKeystore}`);
console.log('  ssl.truststore.type=PEM');
console.log(`  ssl.truststore.location=${files.caCert}`);
console.log('  ssl.client.auth=required   # SSL 리스너에서 클라이언트 인증서를 요구할 때');
const first = [...files.clients][0];
if (first) {
  const [name, pair] = first;
  console.log(`\nkcat (클라이언트 ${name}의 인증서로 SSL 리스너에):`);
  console.log(
    `  kcat -b 127.0.0.1:9093 -L -X security.protocol=SSL -X ssl.ca.location=${rel(files.caCert)} ` +
      `-X ssl.certificate.location=${rel(pair.cert)} -X ssl.key.location=${rel(pair.key)}`,
  );
}
