/**
 * github/client/: every call to the GitHub REST API: reads (issue, comments, permissions, repo files),
 * the one writer for issue writes, check runs, and how API errors are classified and retried.
 */
export { hasMaintainerPermission } from './check-permission.js';
export { classifyApiError, type ApiErrorClass, type ApiErrorKind } from './classify-api-error.js';
export { createRepoFileReader, type ReadRepoFiles, type ReadRepoFilesParams, type ReadRepoFilesResult, type RepoFile, type RepoFileProblem } from './create-repo-file-reader.js';
export { createWriter, type IssueRef, type IssueWriter, type Logger } from './create-writer.js';
export { fetchCurrentIssue, type CurrentIssue } from './fetch-current-issue.js';
export { fetchRemovedLabels } from './fetch-removed-labels.js';
export { KTRIAGE_MARKER_PREFIX, REPLY_MARKER, fetchIssueComments, findKtriageComment, followUps, hasRepliedToAuthor, hasReplyTo, replyTo, type IssueComment, type ReplyKind } from './fetch-issue-comments.js';
export { publishCheckRun, type CheckAnnotation, type CheckRunResult } from './publish-check-run.js';
export { retryOnRateLimit, type RateLimitRetryOptions } from './retry-on-rate-limit.js';
