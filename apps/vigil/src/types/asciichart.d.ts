// asciichart 1.5 ships no types; this is the part `vigil forecast` uses.
declare module 'asciichart' {
  export interface PlotConfig {
    readonly height?: number;
    readonly min?: number;
    readonly max?: number;
    readonly offset?: number;
    readonly padding?: string;
    readonly colors?: readonly string[];
    readonly format?: (value: number, index: number) => string;
  }
  /** Plots one series or several of equal start (values must be finite). */
  export function plot(series: readonly number[] | readonly (readonly number[])[], config?: PlotConfig): string;
  export const blue: string;
  export const red: string;
  export const yellow: string;
  export const green: string;
  export const darkgray: string;
  export const reset: string;
}
