import { calendarPeriodAt } from './calendar';

describe('calendar periods', () => {
  it('finds the current month in the SLO time zone, across a DST change', () => {
    const window = {
      count: 1,
      unit: 'M' as const,
      startTime: '2026-01-01 00:00:00',
      timeZone: 'Europe/Paris',
    };
    // 2026-04-15 12:00 UTC: April in Paris runs from March 31 22:00 UTC (CEST) to April 30 22:00 UTC.
    expect(calendarPeriodAt(Date.UTC(2026, 3, 15, 12), window)).toEqual({
      startMillis: Date.UTC(2026, 2, 31, 22),
      endMillis: Date.UTC(2026, 3, 30, 22),
    });
    // 2026-03-31 22:30 UTC is already April in Paris.
    expect(calendarPeriodAt(Date.UTC(2026, 2, 31, 22, 30), window).startMillis).toBe(
      Date.UTC(2026, 2, 31, 22),
    );
  });

  it('steps quarters and fixed week periods from the anchor', () => {
    expect(
      calendarPeriodAt(Date.UTC(2026, 4, 2), {
        count: 1,
        unit: 'Q',
        startTime: '2026-01-01',
        timeZone: 'UTC',
      }),
    ).toEqual({
      startMillis: Date.UTC(2026, 3, 1),
      endMillis: Date.UTC(2026, 6, 1),
    });
    expect(
      calendarPeriodAt(Date.UTC(2026, 0, 20), {
        count: 2,
        unit: 'w',
        startTime: '2026-01-05 00:00',
        timeZone: 'UTC',
      }),
    ).toEqual({
      startMillis: Date.UTC(2026, 0, 19),
      endMillis: Date.UTC(2026, 1, 2),
    });
  });
});
