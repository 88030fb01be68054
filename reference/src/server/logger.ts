/**
 * 브로커 로그. Kafka처럼 한 줄에 시각, 수준, 내용을 찍습니다. 테스트는 `silent`로 끕니다.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = console.log): Logger {
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (order[l] >= order[level]) write(`[${new Date().toISOString()}] ${l.toUpperCase().padEnd(5)} ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
