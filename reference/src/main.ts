/**
 * `npm run broker`: 참조 브로커를 노드 하나로 띄웁니다. 옵션은 아래 USAGE에 있습니다.
 * 설정 파일을 읽지 못하거나 설정 값이 틀리면 (Kafka처럼) 시작하지 않고 그 까닭을 찍고 1로 끝납니다.
 * Ctrl+C(SIGINT)나 SIGTERM을 받으면 깨끗하게 멈춥니다.
 */
import { Broker } from './broker.js';
import { exitWithUsage, readCommandLine } from './server/command-line.js';
import { type BrokerConfig, loadConfig } from './server/config.js';
import { ConfigException } from './server/config-values.js';
import { josa } from './server/josa.js';
import { createLogger, type LogLevel } from './server/logger.js';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

const USAGE = `참조 브로커를 노드 하나로 띄웁니다.
  npm run broker                                기본값: node.id=1, PLAINTEXT://127.0.0.1:9092, 데이터는 ./data
  npm run broker -- --config my.properties      server.properties 형식의 설정 파일 (-c)
  npm run broker -- --log-level debug           로그 수준: ${LOG_LEVELS.join(', ')} (기본 info)
  KAFKA_NUM_PARTITIONS=3 npm run broker         apache/kafka 이미지와 같은 KAFKA_* 환경 변수 (파일보다 우선)`;

const { values } = readCommandLine(USAGE, {
  options: {
    config: { type: 'string', short: 'c' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const level = values['log-level'] as LogLevel;
if (!LOG_LEVELS.includes(level)) exitWithUsage(USAGE, `로그 수준 ${josa(level, '은/는')} 쓸 수 없습니다.`);

const logger = createLogger(level);
let config: BrokerConfig;
try {
  config = loadConfig({ file: values.config, env: process.env });
} catch (error) {
  if (error instanceof ConfigException) logger.error(`설정이 틀려 시작하지 않습니다: ${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === 'ENOENT') logger.error(`설정 파일이 없습니다: ${values.config}`);
  else throw error;
  process.exit(1);
}
for (const key of config.unknownKeys()) logger.warn(`알 수 없는 설정 ${josa(key, '은/는')} 무시합니다`);

// 신호 처리기는 시작하기 전에 답니다: 시작하는 도중에 온 SIGTERM도 시작을 마친 뒤 깨끗하게 멈추게 합니다.
const starting = Broker.start({ config, logger, clusterId: process.env.CLUSTER_ID });
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${josa(signal, '을/를')} 받아 브로커를 멈춥니다`);
  await (await starting).stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
try {
  await starting;
} catch (error) {
  // 포트가 쓰이고 있거나 설정 값이 서로 맞지 않으면 (Kafka처럼) 까닭을 한 줄로 찍고 끝납니다. 스택은 debug 수준에서만.
  const why = error instanceof Error ? error.message : String(error);
  logger.error(`브로커를 시작하지 못했습니다: ${why}`, level === 'debug' ? error : undefined);
  process.exit(1);
}
