/**
 * 브로커 로그. Kafka처럼 한 줄에 시각, 수준, 내용을 찍습니다. 테스트는 `silent`로 끕니다.
 * 시각은 주입된 시계에서 읽습니다: 시뮬레이터의 노드는 가상 시각을 찍습니다.
 *
 * warn과 error는 그 일을 일으킨 예외(`cause`)를 함께 받습니다 (Kafka의 `log.warn(msg, e)`). error 줄에는 그 스택을
 * 덧붙이고, warn 줄에는 debug 수준일 때만 덧붙입니다: 잘못된 요청으로 끊은 연결마다 스택이 쏟아지지 않게요.
 */
import { type Clock, systemClock } from '../runtime/clock.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, cause?: unknown): void;
  error(message: string, cause?: unknown): void;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = console.log,
  clock: Pick<Clock, 'now'> = systemClock,
): Logger {
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string, cause?: unknown) => {
    if (order[l] < order[level]) return;
    const stack = cause instanceof Error && (l === 'error' || level === 'debug') ? `\n${cause.stack}` : '';
    write(`[${new Date(clock.now()).toISOString()}] ${l.toUpperCase().padEnd(5)} ${message}${stack}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
