/** Lifecycle of one service inside a process. */
export type ServiceStatus = 'starting' | 'up' | 'stopping' | 'down';

export interface DependencyReport {
  ok: boolean;
  /** Why it is not ok, for a person reading /health. */
  detail?: string;
  latencyMillis: number;
}

export interface HealthReport {
  /** up: every service up and every dependency ok; degraded: services up, a dependency failing; down otherwise. */
  status: 'up' | 'degraded' | 'down';
  services: Record<string, ServiceStatus>;
  dependencies: Record<string, DependencyReport>;
  uptimeSeconds: number;
}

/** A readiness probe of a dependency (bus, store, state). Resolves when healthy, throws why not. */
export type DependencyCheck = () => Promise<void>;

/**
 * What `/health` reports: each service's lifecycle state and each dependency's readiness.
 * One registry per process, shared by the services in it.
 */
export class HealthRegistry {
  private readonly services = new Map<string, ServiceStatus>();
  private readonly checks = new Map<string, DependencyCheck>();

  constructor(
    private readonly startedAtMillis: number,
    private readonly clock: () => number = Date.now,
    private readonly checkTimeoutMillis = 2_000,
  ) {}

  setService(name: string, status: ServiceStatus): void {
    this.services.set(name, status);
  }

  addDependency(name: string, check: DependencyCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<HealthReport> {
    const dependencies: Record<string, DependencyReport> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = this.clock();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${this.checkTimeoutMillis} ms`)), this.checkTimeoutMillis);
            }),
          ]);
          dependencies[name] = { ok: true, latencyMillis: this.clock() - started };
        } catch (error) {
          dependencies[name] = { ok: false, detail: (error as Error).message, latencyMillis: this.clock() - started };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const services = Object.fromEntries(this.services);
    const allUp = this.services.size > 0 && [...this.services.values()].every((s) => s === 'up');
    const depsOk = Object.values(dependencies).every((d) => d.ok);
    return {
      status: allUp ? (depsOk ? 'up' : 'degraded') : 'down',
      services,
      dependencies,
      uptimeSeconds: Math.round((this.clock() - this.startedAtMillis) / 1000),
    };
  }
}
