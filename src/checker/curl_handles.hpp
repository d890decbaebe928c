// checker/curl_handles.hpp: the one way the checker includes libcurl. CURL_STRICTER makes CURL
// and CURLM distinct struct types instead of void (PowerDNS does the same), so a multi handle
// cannot be passed where an easy one belongs; each handle gets a CHandle alias (STYLE.md §3).
#pragma once

#ifndef CURL_STRICTER
#define CURL_STRICTER
#endif
#include <curl/curl.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::checker {

using CurlEasy = base::CHandle<CURL, curl_easy_cleanup>;
using CurlMulti = base::CHandle<CURLM, curl_multi_cleanup>;
using CurlHeaders = base::CHandle<curl_slist, curl_slist_free_all>;

} // namespace dcvd::checker
