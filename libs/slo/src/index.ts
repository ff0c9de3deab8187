/** SLO arithmetic: pure, no I/O. Not built yet. */
export {};
