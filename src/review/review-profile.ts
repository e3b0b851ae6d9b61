import { performance } from 'node:perf_hooks';

/** Phases a review spends time in, for `DBWARD_PROFILE` and the benchmark. */
export type ReviewPhase =
  | 'discover'
  | 'git'
  | 'connect'
  | 'target'
  | 'cache'
  | 'shadow-start'
  | 'replay'
  | 'introspect'
  | 'model'
  | 'rules'
  | 'post';

/**
 * ReviewProfile adds up milliseconds per phase and counts events (cache hits). Phases nest only
 * sequentially, so the sum is the review's own time.
 */
export interface ReviewProfile {
  milliseconds: Record<ReviewPhase, number>;
  counts: Record<string, number>;
  time<T>(phase: ReviewPhase, work: () => Promise<T>): Promise<T>;
  timeSync<T>(phase: ReviewPhase, work: () => T): T;
  count(event: string): void;
}

export function createReviewProfile(): ReviewProfile {
  const milliseconds: Record<ReviewPhase, number> = {
    discover: 0,
    git: 0,
    connect: 0,
    target: 0,
    cache: 0,
    'shadow-start': 0,
    replay: 0,
    introspect: 0,
    model: 0,
    rules: 0,
    post: 0,
  };
  const counts: Record<string, number> = {};
  return {
    milliseconds,
    counts,
    async time(phase, work) {
      const start = performance.now();
      try {
        return await work();
      } finally {
        milliseconds[phase] += performance.now() - start;
      }
    },
    timeSync(phase, work) {
      const start = performance.now();
      try {
        return work();
      } finally {
        milliseconds[phase] += performance.now() - start;
      }
    },
    count(event) {
      counts[event] = (counts[event] ?? 0) + 1;
    },
  };
}
