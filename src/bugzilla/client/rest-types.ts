/**
 * The Bugzilla 5.x REST JSON shapes ktriage reads and writes, as recorded from a stock 5.2 server
 * (../shared/bugzilla-5.2/*.json). Only the fields ktriage uses are typed strictly; servers add more
 * (bugzilla.mozilla.org adds many), so every object stays open.
 *
 * Easy to get wrong (all recorded): comment flags are booleans, attachment flags are 0/1 integers;
 * comment `count` 0 is the description; `POST /rest/bug` answers 200 but comment/attachment POSTs 201.
 */

export interface RestUserDetail {
  id: number;
  name: string;
  email?: string;
  real_name?: string;
}

/** One bug from `GET /rest/bug/N` or a search; a search with include_fields returns a subset. */
export interface RestBug {
  id: number;
  summary?: string;
  product?: string;
  component?: string;
  version?: string;
  status?: string;
  resolution?: string;
  /** The bug this one duplicates (resolution DUPLICATE); absent or null otherwise. */
  dup_id?: number | null;
  severity?: string;
  priority?: string;
  platform?: string;
  op_sys?: string;
  whiteboard?: string;
  keywords?: string[];
  creator?: string;
  creator_detail?: RestUserDetail;
  creation_time?: string;
  last_change_time?: string;
  groups?: string[];
  url?: string;
  [field: string]: unknown;
}

export interface RestComment {
  id: number;
  bug_id: number;
  /** 0 = the description. */
  count: number;
  text: string;
  creator: string;
  creation_time: string;
  time: string;
  /** A boolean on comments (unlike attachments). */
  is_private: boolean;
  attachment_id: number | null;
  tags?: string[];
}

export interface RestAttachment {
  id: number;
  bug_id: number;
  file_name: string;
  summary: string;
  content_type: string;
  size: number;
  creator: string;
  creation_time: string;
  last_change_time: string;
  /** 0/1 integers on attachments (unlike the booleans on comments). */
  is_patch: number;
  is_private: number;
  is_obsolete: number;
  flags?: unknown[];
  /** Base64; absent when listed with `exclude_fields=data`. */
  data?: string;
}

/** `GET /rest/time`. */
export interface RestTime {
  db_time: string;
  web_time: string;
  web_time_utc?: string;
  tz_name?: string;
  tz_short_name?: string;
  tz_offset?: string;
}

/**
 * `GET /rest/whoami` (Bugzilla 5.1+ and bugzilla.mozilla.org; upstream bug 1204683): the account the
 * credentials belong to. Documented as `{"id": 1234, "name": "user@bugzilla.org", "real_name": "Test
 * User"}` (docs/en/rst/api/core/v1/user.rst); bugzilla.mozilla.org adds nick, mfa_status, groups, uuid.
 * Bugzilla 5.0 has no such resource and answers 404 with code 32614.
 */
export interface RestWhoami {
  id: number;
  /** The login name (what comments carry as `creator`). */
  name: string;
  real_name?: string;
  [field: string]: unknown;
}

/** One entry of `PUT /rest/bug/N`'s answer. */
export interface RestBugUpdate {
  id: number;
  alias?: string[];
  last_change_time: string;
  changes: Record<string, { added: string; removed: string }>;
}

/**
 * One change of `GET /rest/bug/N/history`: who (login) changed which fields when. A keywords change
 * lists the names added and removed, comma-separated (`"added": "regression, triaged"`).
 */
export interface RestHistoryEntry {
  when: string;
  who: string;
  changes: { field_name: string; added: string; removed: string; attachment_id?: number }[];
}

/** Bugzilla's error body: `{"error": true, "code": N, "message": ..., "documentation": ...}`. */
export interface RestError {
  error: true;
  code: number;
  message: string;
  documentation?: string;
}

/** `GET /rest/product?names=...&include_fields=name,components.name` (Product.get). */
export interface RestProduct {
  name: string;
  components?: { name: string }[];
}
