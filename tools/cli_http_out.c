#include "cli_http_out.h"

#include "cli_common.h"
#include "json_read.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

void cli_print_http_request(const eks_http_request *r, eks_str version, bool chunked, const eks_header *trailers,
                            size_t trailer_count)
{
    printf("%.*s %.*s", (int)r->method.len, r->method.ptr, (int)r->path.len, r->path.ptr);
    if (r->query.ptr)
        printf("?%.*s", (int)r->query.len, r->query.ptr);
    /* the request's own version: a signed HTTP/1.0 request stays one */
    printf(" %.*s\r\n", version.ptr ? (int)version.len : 8, version.ptr ? version.ptr : "HTTP/1.1");
    for (size_t i = 0; i < r->header_count; i++)
        printf("%.*s: %.*s\r\n", (int)r->headers[i].name.len, r->headers[i].name.ptr,
               (int)r->headers[i].value.len, r->headers[i].value.ptr);
    printf("\r\n");
    if (chunked && r->body.len)
        printf("%zx\r\n", r->body.len);
    if (r->body.len)
        fwrite(r->body.ptr, 1, r->body.len, stdout);
    if (chunked) {
        printf("%s0\r\n", r->body.len ? "\r\n" : "");
        for (size_t i = 0; i < trailer_count; i++)
            printf("%.*s: %.*s\r\n", (int)trailers[i].name.len, trailers[i].name.ptr, (int)trailers[i].value.len,
                   trailers[i].value.ptr);
        printf("\r\n");
    }
}

json_object *cli_fields_json(const eks_header *fields, size_t count)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; i < count; i++) {
        json_object *pair = json_object_new_array();
        eks_buf name = {0};
        eks_buf_append(&name, fields[i].name.ptr, fields[i].name.len);
        for (size_t k = 0; k < name.len; k++)
            if (name.ptr[k] >= 'A' && name.ptr[k] <= 'Z')
                name.ptr[k] = (char)(name.ptr[k] + 32);
        json_object_array_add(pair, json_object_new_string_len(name.ptr ? name.ptr : "", (int)name.len));
        eks_buf_free(&name);
        json_object_array_add(pair, cli_json_str(fields[i].value));
        json_object_array_add(arr, pair);
    }
    return arr;
}

json_object *cli_request_json(const eks_http_request *r, eks_str host, eks_str scheme)
{
    if (!host.ptr) {
        const eks_header *h = eks_http_find_header(r->headers, r->header_count, "host");
        if (h)
            host = h->value;
    }
    json_object *json = json_object_new_object();
    json_object_object_add(json, "method", cli_json_str(r->method));
    eks_buf url = {0};
    if (scheme.ptr)
        eks_buf_append(&url, scheme.ptr, scheme.len);
    else
        eks_buf_append_cstr(&url, "https");
    eks_buf_append_cstr(&url, "://");
    if (host.ptr)
        eks_buf_append(&url, host.ptr, host.len);
    eks_buf_append(&url, r->path.ptr, r->path.len);
    if (r->query.ptr) {
        eks_buf_append_byte(&url, '?');
        eks_buf_append(&url, r->query.ptr, r->query.len);
    }
    json_object_object_add(json, "url", json_object_new_string_len(url.ptr ? url.ptr : "", (int)url.len));
    eks_buf_free(&url);
    /* DESIGN §3: path and url carry the query string as sent. */
    eks_buf target = {0};
    eks_buf_append(&target, r->path.ptr ? r->path.ptr : "", r->path.len);
    if (r->query.ptr) {
        eks_buf_append_byte(&target, '?');
        eks_buf_append(&target, r->query.ptr, r->query.len);
    }
    json_object_object_add(json, "path", json_object_new_string_len(target.ptr ? target.ptr : "", (int)target.len));
    eks_buf_free(&target);
    json_object_object_add(json, "headers", cli_fields_json(r->headers, r->header_count));
    /* DESIGN §3 capture format: bytes that are not UTF-8 go as bodyBase64, byte for byte */
    if (r->body.len && !eks_utf8_valid(r->body.ptr, r->body.len)) {
        size_t n = 4 * ((r->body.len + 2) / 3);
        char *b64 = malloc(n + 1);
        if (b64) {
            EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)r->body.ptr, (int)r->body.len);
            json_object_object_add(json, "bodyBase64", json_object_new_string_len(b64, (int)n));
        } else {
            json_object_object_add(json, "bodyBase64", NULL); /* out of memory: null, not a wrong body */
        }
        free(b64);
    } else {
        json_object_object_add(json, "body", json_object_new_string_len(r->body.ptr ? r->body.ptr : "", (int)r->body.len));
    }
    return json;
}
