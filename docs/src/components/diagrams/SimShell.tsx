/**
 * 그림 셋이 함께 쓰는 틀: 씨앗(seed) 칸, 다시 시작, 가상 시간 앞으로 걷기, 자동 재생, 최근 사건 목록.
 *
 * 그림 안의 시뮬레이터는 가상 시계 위에서만 움직입니다. 자동 재생도 진짜 시간 250ms마다 가상 시간 250ms를 걷는 것일
 * 뿐이라, 같은 씨앗에서 같은 순서로 같은 단추를 누르면 언제나 같은 상태가 됩니다 (강사가 장면을 다시 보여 줄 수 있게).
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import styles from './diagrams.module.css';

export interface SimModel {
  /** 가상 시간을 `ms`만큼 돌립니다. */
  advance(ms: number): Promise<void>;
  /** 가상 시계의 지금 (ms) */
  now(): number;
  /** 최근 사건 (오래된 것부터) */
  readonly events: readonly string[];
  /** 버릴 때 (메모리 파일 시스템의 로그 디렉터리 지우기 등) */
  dispose?(): void;
}

export interface SimShellProps<M extends SimModel> {
  /** data-testid의 앞머리 */
  readonly id: string;
  readonly title: string;
  readonly defaultSeed: number;
  /** 씨앗으로 새 모델을 만듭니다 (준비 단계까지 돌려 둔 채로). */
  readonly create: (seed: number) => Promise<M>;
  readonly children: (model: M, act: (action: (model: M) => void | Promise<void>) => void) => ReactNode;
}

const STEPS = [
  { label: '+0.1초', ms: 100 },
  { label: '+1초', ms: 1000 },
  { label: '+5초', ms: 5000 },
] as const;
const AUTO_TICK_MS = 250;

export function SimShell<M extends SimModel>({ id, title, defaultSeed, create, children }: SimShellProps<M>) {
  const [seedText, setSeedText] = useState(String(defaultSeed));
  const [model, setModel] = useState<M | null>(null);
  const [, setVersion] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // 줄에 선 조작의 수: 0이면 data-idle="true" (브라우저 시험이 조작이 끝나기를 기다리는 표시)
  const [pending, setPending] = useState(0);
  const busy = useRef(false);
  const modelRef = useRef<M | null>(null);

  // 모든 조작은 한 줄로: 앞의 것이 끝나야 다음 것이 돕니다 (await가 있는 복제 판도 순서가 섞이지 않게).
  const queue = useRef<Promise<void>>(Promise.resolve());
  const run = useCallback((work: () => Promise<void> | void) => {
    setPending((n) => n + 1);
    queue.current = queue.current
      .then(async () => {
        busy.current = true;
        await work();
      })
      .catch((e: unknown) => {
        setPlaying(false);
        setError(e instanceof Error ? e.message : String(e));
        console.warn(e);
      })
      .finally(() => {
        busy.current = false;
        setVersion((v) => v + 1);
        setPending((n) => n - 1);
      });
  }, []);

  const restart = useCallback(
    (seed: number) => {
      setPlaying(false);
      setError(null);
      run(async () => {
        modelRef.current?.dispose?.();
        modelRef.current = null;
        setModel(null);
        const next = await create(seed);
        modelRef.current = next;
        setModel(next);
      });
    },
    [create, run],
  );

  useEffect(() => {
    restart(defaultSeed);
  }, [restart, defaultSeed]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const m = modelRef.current;
      if (m && !busy.current) run(() => m.advance(AUTO_TICK_MS));
    }, AUTO_TICK_MS);
    return () => clearInterval(timer);
  }, [playing, run]);

  const act = useCallback(
    (action: (m: M) => void | Promise<void>) => {
      run(async () => {
        const m = modelRef.current;
        if (m) await action(m);
      });
    },
    [run],
  );

  const seed = Number.parseInt(seedText, 10);
  const seedValid = Number.isInteger(seed) && seed >= 0;

  return (
    <figure
      className={styles.diagram}
      data-testid={id}
      data-ready={model ? 'true' : 'false'}
      data-idle={model && pending === 0 ? 'true' : 'false'}
    >
      <figcaption className={styles.title}>{title}</figcaption>
      <div className={styles.controls}>
        <label className={styles.seed}>
          씨앗(seed)
          <input
            data-testid={`${id}-seed`}
            inputMode="numeric"
            value={seedText}
            onChange={(e) => setSeedText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && seedValid) restart(seed);
            }}
          />
        </label>
        <button type="button" data-testid={`${id}-restart`} disabled={!seedValid} onClick={() => restart(seed)}>
          처음부터
        </button>
        {STEPS.map((s) => (
          <button
            key={s.ms}
            type="button"
            data-testid={`${id}-step-${s.ms}`}
            disabled={!model || playing}
            onClick={() => act((m) => m.advance(s.ms))}
          >
            {s.label}
          </button>
        ))}
        <button
          type="button"
          data-testid={`${id}-play`}
          disabled={!model}
          aria-pressed={playing}
          onClick={() => setPlaying((p) => !p)}
        >
          {playing ? '⏸ 멈춤' : '▶ 자동 재생'}
        </button>
        <span className={styles.clock} data-testid={`${id}-clock`}>
          가상 시각 {model ? (model.now() / 1000).toFixed(1) : '–'}초
        </span>
      </div>
      {error && (
        <p className={styles.error} role="alert" data-testid={`${id}-error`}>
          시뮬레이터가 멈췄습니다: {error} — 씨앗 {seedText}로 처음부터 다시 해 보세요.
        </p>
      )}
      {model ? children(model, act) : <p className={styles.loading}>시뮬레이터를 불러오는 중…</p>}
      {model && model.events.length > 0 && (
        <ul className={styles.events} aria-label="최근 사건 (새것이 위)" data-testid={`${id}-events`}>
          {model.events
            .slice(-10)
            .reverse()
            .map((event, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: 사건 문자열은 겹칠 수 있고 순서만 뜻이 있습니다
              <li key={i}>{event}</li>
            ))}
        </ul>
      )}
    </figure>
  );
}
