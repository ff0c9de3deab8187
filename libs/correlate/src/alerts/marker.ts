/**
 * Why an alert is muted right now (Alertmanager's `types.Marker`): the silences and the
 * inhibiting alerts that suppressed it at the last evaluation. The API reports it; the
 * pipeline writes it. Plain data, so it snapshots with the rest of the state.
 */

export interface AlertMarks {
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

export type AlertState = 'unprocessed' | 'active' | 'suppressed';

export class AlertMarker {
  private readonly marks = new Map<string, { silencedBy: string[]; inhibitedBy: string[] }>();

  private entry(fp: string): { silencedBy: string[]; inhibitedBy: string[] } {
    let e = this.marks.get(fp);
    if (!e) {
      e = { silencedBy: [], inhibitedBy: [] };
      this.marks.set(fp, e);
    }
    return e;
  }

  setSilenced(fp: string, silenceIds: readonly string[]): void {
    this.entry(fp).silencedBy = [...silenceIds].sort();
  }

  setInhibited(fp: string, inhibitorFingerprints: readonly string[]): void {
    this.entry(fp).inhibitedBy = [...inhibitorFingerprints].sort();
  }

  marksOf(fp: string): AlertMarks | undefined {
    return this.marks.get(fp);
  }

  /** `unprocessed` until the pipeline looked at it, then suppressed or active. */
  stateOf(fp: string): AlertState {
    const e = this.marks.get(fp);
    if (!e) return 'unprocessed';
    return e.silencedBy.length > 0 || e.inhibitedBy.length > 0 ? 'suppressed' : 'active';
  }

  delete(fp: string): void {
    this.marks.delete(fp);
  }

  snapshot(): Record<string, AlertMarks> {
    return Object.fromEntries(this.marks);
  }

  static restore(data: Readonly<Record<string, AlertMarks>>): AlertMarker {
    const marker = new AlertMarker();
    for (const [fp, m] of Object.entries(data)) marker.marks.set(fp, { silencedBy: [...m.silencedBy], inhibitedBy: [...m.inhibitedBy] });
    return marker;
  }
}
