import { stringify } from 'yaml';
import { parseRuleFiles, type ParsedRuleFiles } from '../../../src/rules/index.js';

/** A small fact vocabulary the test rules use (boolean and enum facts). */
export const FACTS_YAML = `facts:
  - id: thin_pool
    description: The device is a dm thin pool
    type: boolean
    patterns:
      - value: true
        phrases: ["thin pool"]
  - id: discards
    description: Discards are enabled
    type: boolean
    patterns:
      - value: true
        phrases: ["discard"]
  - id: metadata_resized
    description: The metadata device was resized
    type: boolean
    patterns:
      - value: true
        phrases: ["resized the metadata"]
  - id: filesystem
    description: The filesystem
    type: enum
    values: [ext4, xfs, btrfs]
    patterns:
      - value: ext4
        regexes: ['\\bext4\\b']
`;

/** A minimal valid bug as the YAML would hold it (snake_case). Tests mutate copies of it. */
export function validBug(id = 'dm-refcount-below-zero'): Record<string, unknown> {
  return {
    id,
    title: 'dm thin-pool metadata: reference count decremented below 0',
    subsystem: 'device-mapper/thin',
    links: ['https://bugzilla.kernel.org/show_bug.cgi?id=68801'],
    signatures: [{ log: 'device-mapper: space map common: unable to decrement a reference count below 0' }],
    when: { thin_pool: true },
    affected: { fixed: { mainline: '3.14-rc6', stable: ['3.13.7', '3.12.15'] } },
    fix: [{ commit: 'cebc2de44d3bce53e46476e774126c298ca2c8a9', subject: 'dm space map metadata: fix refcount decrement below 0 which caused corruption' }],
    next_steps: ['Upgrade to {{fixed_for_running}} or later.'],
    ask: [{ fact: 'metadata_resized', question: 'Did you resize the metadata device?' }],
    examples: {
      match: ['device-mapper: space map common: unable to decrement a reference count below 0'],
      no_match: ['device-mapper: thin: 253:4: reached low water mark for data device'],
    },
  };
}

/** A minimal valid playbook. */
export function validPlaybook(id = 'dm-thin'): Record<string, unknown> {
  return { id, title: 'Device-mapper thin provisioning', subsystems: ['device-mapper/thin'], next_steps: ['Attach `dmsetup status`.'] };
}

/** Parse one rule file's text together with the test vocabulary (facts.yml first). */
export function parseWithFacts(text: string, path = 'test.yml'): ParsedRuleFiles {
  return parseRuleFiles([
    { path: 'facts.yml', text: FACTS_YAML },
    { path, text },
  ]);
}

/** YAML text of a file holding these bugs (and playbooks). */
export function ruleFileText(bugs: unknown[], playbooks: unknown[] = []): string {
  return stringify(playbooks.length > 0 ? { bugs, playbooks } : { bugs });
}

/** The problems' messages of a parse, errors only. */
export function errorMessages(parsed: ParsedRuleFiles): string[] {
  return parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message);
}
