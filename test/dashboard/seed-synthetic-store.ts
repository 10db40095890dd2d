// A deterministic store of `n` decisions for the dashboard tests: 30 days, every verdict, 20 rules
// (curated and CVE), low and high confidence, wrong/correct/ignore feedback, unmatched reports of
// every cluster kind, and hostile report text (titles that are markup, a javascript: link).
import type { DecisionStore } from '../../src/store/index.js';
import { decision, feedback, unmatched } from '../store/decision-fixtures.js';

export const HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>&amp; \u2028';
export const HOSTILE_LINK = 'javascript:window.__xss=3';

const VERDICTS = ['known-bug-fix-available', 'known-bug-fix-present', 'known-bug-version-unknown', 'possible-match'] as const;

export async function seedSyntheticStore(store: DecisionStore, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const report = i === 7 ? HOSTILE_LINK : `https://bugzilla.example.org/show_bug.cgi?id=${1000 + i}`;
    const day = String(1 + (i % 30)).padStart(2, '0');
    const decidedAt = `2026-11-${day}T${String(i % 24).padStart(2, '0')}:00:00.000Z`;
    const title = i % 50 === 7 ? HOSTILE_TITLE : `report ${i}`;
    if (i % 4 === 3) {
      // Unmatched: a crash title, key lines, frames, or only words (two topics).
      const shape = i % 16;
      const extra =
        shape === 3 ? { crashTitle: `KASAN: use-after-free Read in f${i % 5}` }
        : shape === 7 ? { keyLines: [`EXT4-fs error (device <dev>): htree_dirblock_to_tree:<N>: inode #<N>: comm ${i % 3}`] }
        : shape === 11 ? { frames: [`g${i % 4}`, 'h', 'k'] }
        : { excerpt: i % 32 < 16 ? `raid ${i} resync stuck at 99 percent array degraded mdadm resync` : `nvme ${i} controller timeout reset namespace io queue` };
      await store.recordDecision(unmatched(report, { tracker: 'bugzilla', reportId: String(1000 + i), title, decidedAt, ...extra }));
      continue;
    }
    const rule = i % 20 < 15 ? `curated-rule-${i % 15}` : `CVE-2024-${String(40000 + (i % 20)).padStart(5, '0')}`;
    await store.recordDecision(
      decision({ report, tracker: 'bugzilla', reportId: String(1000 + i), title, decidedAt, verdict: VERDICTS[i % 4]!, ruleId: rule, ruleSource: rule.startsWith('CVE-') ? 'cve' : 'curated', confidence: ((i * 37) % 100) / 100 }),
    );
    if (i % 9 === 1) await store.recordFeedback(feedback({ tracker: 'bugzilla', report, sourceKey: `comment:${i}`, ruleId: rule, kind: 'wrong', at: decidedAt }));
    if (i % 13 === 2) await store.recordFeedback(feedback({ tracker: 'bugzilla', report, sourceKey: `comment:${i}`, ruleId: rule, kind: 'correct', at: decidedAt }));
    if (i % 7 === 3) await store.recordFeedback(feedback({ tracker: 'bugzilla', report, sourceKey: 'resolution:FIXED', ruleId: rule, kind: 'resolution', at: decidedAt, note: 'RESOLVED FIXED' }));
    if (i % 29 === 5) await store.recordFeedback(feedback({ tracker: 'bugzilla', report, sourceKey: `ignore:${i}`, ruleId: rule, kind: 'ignore', at: decidedAt }));
  }
}
