/* Printing an HTTP request as HTTP/1.1 text or as the DESIGN §3 JSON object. */
#ifndef EKSCODEC_CLI_HTTP_OUT_H
#define EKSCODEC_CLI_HTTP_OUT_H

#include "ekscodec/http.h"

#include <json-c/json.h>

/* Request line (with version, absent: HTTP/1.1), headers and body, CRLF line endings; query
 * appended after '?' if present.
 * chunked: the request's headers say Transfer-Encoding: chunked and r->body is the de-chunked
 * content, so it is written as one chunk and the last chunk (the bytes sent must match the
 * framing the headers announce), then the trailer fields (none when trailers is NULL). */
void cli_print_http_request(const eks_http_request *r, eks_str version, bool chunked, const eks_header *trailers,
                            size_t trailer_count);
/* [[lower-case name, value], ...] */
json_object *cli_fields_json(const eks_header *fields, size_t count);
/* {"method","url","path","headers":[[lower-case name,value],...],"body"}; url is
 * <scheme>://<host><path>[?query] with host from `host` (or the Host header when absent) and
 * scheme from `scheme` ("https" when absent: an --endpoint-url may say "http"). */
json_object *cli_request_json(const eks_http_request *r, eks_str host, eks_str scheme);

#endif
