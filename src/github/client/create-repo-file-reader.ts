import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** A text file read from a repository; `path` is how ktriage names it in messages and annotations. */
export interface RepoFile {
  /** `path/in/repo.yml`, or `owner/repo:path/in/repo.yml` for a file in another repository. */
  path: string;
  /** The path inside its own repository (for check-run annotations). */
  repoPath: string;
  text: string;
}

export interface RepoFileProblem {
  path: string;
  message: string;
}

export interface ReadRepoFilesResult {
  files: RepoFile[];
  problems: RepoFileProblem[];
}

export interface ReadRepoFilesParams {
  owner: string;
  repo: string;
  /** Branch, tag or sha; rule files are read from the default branch, PR checks from the head sha. */
  ref: string;
  /** Files, or folders whose `*.yml` / `*.yaml` files are read (one level); `owner/repo:path` reads another repository's default branch. */
  paths: readonly string[];
  /**
   * The other repositories (`owner/name`, same owner) that `owner/repo:path` may name
   * (`rules.repositories`); any other is refused and reported. Default: none.
   */
  repositories?: readonly string[];
}

export type ReadRepoFiles = (octokit: Octokit, params: ReadRepoFilesParams) => Promise<ReadRepoFilesResult>;

type Content = { kind: 'dir'; entries: { name: string; path: string; type: string }[] } | { kind: 'file'; text: string } | { kind: 'other'; type: string };

const RULE_FILE = /\.ya?ml$/i;
const OTHER_REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([-_.A-Za-z0-9]+):(.+)$/;

/**
 * Reads rule files through the contents API with a per-process cache of ETags: a repeated read
 * sends `If-None-Match`, and GitHub answers an unchanged file with 304, which does not count
 * against the rate limit (docs.github.com "Use conditional requests if appropriate"). A 304 is an
 * exception in octokit (@octokit/request throws RequestError status 304), caught here.
 *
 * Missing paths and oversized files are problems, not exceptions: one wrong path in a config
 * must not stop triage with the other rules. Server errors (5xx, 403 rate limit) are rethrown
 * so the webhook delivery fails and can be redelivered.
 */
export function createRepoFileReader({ maxEntries = 1000 }: { maxEntries?: number } = {}): ReadRepoFiles {
  const cache = new Map<string, { etag: string; content: Content }>();

  async function getContent(octokit: Octokit, owner: string, repo: string, path: string, ref: string | undefined): Promise<Content | null> {
    const key = `${owner}/${repo}@${ref ?? ''}:${path}`;
    const cached = cache.get(key);
    try {
      const response = await octokit.rest.repos.getContent({
        owner,
        repo,
        path,
        ...(ref === undefined ? {} : { ref }),
        ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}),
      });
      const content = toContent(response.data);
      const etag = response.headers.etag;
      if (etag) {
        cache.delete(key);
        cache.set(key, { etag, content });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      }
      return content;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 304 && cached) return cached.content;
      if (status === 404) return null;
      throw error;
    }
  }

  return async function readRepoFiles(octokit, { owner, repo, ref, paths, repositories = [] }) {
    const files: RepoFile[] = [];
    const problems: RepoFileProblem[] = [];
    const allowed = new Set(repositories.map((name) => name.toLowerCase()));
    for (const configured of paths) {
      const other = OTHER_REPO.exec(configured);
      // Another repository only when allow-listed and of the same owner: the installation token
      // reads private repositories too, and rules are quoted in public comments.
      if (other && (other[1]!.toLowerCase() !== owner.toLowerCase() || !allowed.has(`${other[1]}/${other[2]}`.toLowerCase()))) {
        const why = other[1]!.toLowerCase() !== owner.toLowerCase() ? `only repositories of ${owner} can be read` : `list ${other[1]}/${other[2]} in rules.repositories to read rule files from it`;
        problems.push({ path: configured, message: `${configured}: not read: ${why}` });
        continue;
      }
      const target = other ? { owner: other[1]!, repo: other[2]!, ref: undefined, prefix: `${other[1]}/${other[2]}:` } : { owner, repo, ref, prefix: '' };
      const path = (other ? other[3]! : configured).replace(/\/+$/, '');
      const content = await getContent(octokit, target.owner, target.repo, path, target.ref);
      if (content === null) {
        problems.push({ path: configured, message: `${configured}: not found${target.ref ? ` on ${target.ref}` : ''}; fix the path in .github/ktriage.yml (rules.paths)` });
        continue;
      }
      if (content.kind === 'file') {
        files.push({ path: `${target.prefix}${path}`, repoPath: path, text: content.text });
        continue;
      }
      if (content.kind === 'other') {
        problems.push({ path: configured, message: `${configured}: is a ${content.type}, not a file or folder of rule files` });
        continue;
      }
      const entries = content.entries.filter((entry) => entry.type === 'file' && RULE_FILE.test(entry.name)).sort((a, b) => a.path.localeCompare(b.path));
      for (const entry of entries) {
        const child = await getContent(octokit, target.owner, target.repo, entry.path, target.ref);
        if (child?.kind === 'file') files.push({ path: `${target.prefix}${entry.path}`, repoPath: entry.path, text: child.text });
        else problems.push({ path: `${target.prefix}${entry.path}`, message: `${target.prefix}${entry.path}: could not be read as a text file` });
      }
    }
    return { files, problems };
  };
}

function toContent(data: unknown): Content {
  if (Array.isArray(data)) {
    return { kind: 'dir', entries: data.map((entry: { name: string; path: string; type: string }) => ({ name: entry.name, path: entry.path, type: entry.type })) };
  }
  const item = data as { type?: string; content?: string; encoding?: string; size?: number };
  if (item.type !== 'file') return { kind: 'other', type: item.type ?? 'unknown' };
  // Files over 1 MB come back with encoding "none" and no content; rule files that large are a mistake.
  if (item.encoding !== 'base64' || typeof item.content !== 'string') return { kind: 'other', type: 'file larger than 1 MB' };
  return { kind: 'file', text: Buffer.from(item.content, 'base64').toString('utf8') };
}
