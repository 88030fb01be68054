/**
 * `npm run broker`: 참조 브로커를 노드 하나로 띄웁니다.
 *
 *   npm run broker                          기본값: node.id=1, PLAINTEXT://127.0.0.1:9092, 데이터는 ./data
 *   npm run broker -- --config my.properties   server.properties 형식의 설정 파일
 *   KAFKA_NUM_PARTITIONS=3 npm run broker    apache/kafka 이미지와 같은 KAFKA_* 환경 변수
 *
 * Ctrl+C(SIGINT)나 SIGTERM을 받으면 깨끗하게 멈춥니다.
 */
import { parseArgs } from 'node:util';
import { Broker } from './broker.js';
import { loadConfig } from './server/config.js';
import { josa } from './server/josa.js';
import { createLogger, type LogLevel } from './server/logger.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', short: 'c' },
    'log-level': { type: 'string', default: 'info' },
  },
});

const logger = createLogger(values['log-level'] as LogLevel);
const config = loadConfig({ file: values.config, env: process.env });
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
await starting;
