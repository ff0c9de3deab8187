import { fingerprintToHex, seriesFingerprint } from '@vigil/contracts';
import type { Fingerprinter } from './series-identity';

/** The fingerprint and key every Vigil producer uses (contracts, docs/decisions/020). */
export const contractsFingerprinter: Fingerprinter = {
  fingerprint: (name, labels) => seriesFingerprint(name, labels),
  key: (fingerprint) => fingerprintToHex(fingerprint),
};
