/**
 * The small image with curl and a POSIX shell (busybox) that the library's helper Jobs
 * and init containers run: connector apply Jobs, the plugin installer, the credentials
 * Job. Alpine-based, about 10 MB.
 */
export const CURL_IMAGE = 'docker.io/curlimages/curl:8.11.1';

/**
 * User of the curl containers. The curl image names its user (`USER curl_user`) without
 * a fixed uid, which `runAsNonRoot` cannot check (curl/curl-docker#62), so a numeric
 * non-root uid is set; the scripts only write to their own emptyDirs, so any uid works.
 */
export const CURL_USER = { uid: 100, gid: 101, fsGroup: 101 };
