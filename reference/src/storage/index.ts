/**
 * 저장소(2장): Kafka와 같은 형식의 디스크 로그. 브로커는 보통 `LogManager`와 `UnifiedLog`만 씁니다.
 */
export * from './checkpoint.js';
export { CorruptIndexError } from './index-file.js';
export type { CleanerStats } from './log-cleaner.js';
export * from './log-config.js';
export * from './log-files.js';
export type { LoadStats } from './log-loader.js';
export * from './log-manager.js';
export * from './log-segment.js';
export type { AppendOrigin } from './log-validator.js';
export * from './offset-index.js';
export * from './record-timestamps.js';
export * from './time-index.js';
export * from './unified-log.js';
