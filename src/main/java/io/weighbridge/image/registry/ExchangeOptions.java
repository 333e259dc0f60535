package io.weighbridge.image.registry;

import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.SocketAddress;
import java.net.URI;

/** How a request goes on the wire: to the checked address, under the host's name, within its time, its authorization only for its origin. */
final class ExchangeOptions {
    private ExchangeOptions() {}

    static RequestOptions of(RegistryRequest request, long timeoutMillis) {
        URI uri = request.uri();
        int port = RegistryRequest.port(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(AddressCheck.withoutBrackets(uri.getHost()))
                .setPort(port)
                .setSsl("https".equals(uri.getScheme()))
                .setURI(path)
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .putHeader("User-Agent", "weighbridge");
        if (request.proxy().isPresent()) {
            // CONNECT registry:port for HTTPS (SNI, certificate and Host still name the registry, inside the
            // tunnel), an absolute-form request for plain HTTP; the proxy resolves the name.
            EgressProxy proxy = request.proxy().get();
            ProxyOptions through = new ProxyOptions()
                    .setType(ProxyType.HTTP)
                    .setHost(proxy.host())
                    .setPort(proxy.port());
            proxy.user().ifPresent(through::setUsername);
            proxy.password().ifPresent(through::setPassword);
            options.setProxyOptions(through);
        } else {
            // Connect to the address the guard checked; the host name still drives Host, SNI and certificate checks.
            request.address()
                    .ifPresent(address ->
                            options.setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress())));
        }
        request.headers().forEach(options::putHeader);
        // The one place an Authorization header is written: only for the origin it was issued for,
        // so a redirect to blob storage or anywhere else carries none.
        request.authorization()
                .filter(bound -> bound.origin().equals(RegistryRequest.origin(uri)))
                .ifPresent(bound -> options.putHeader("Authorization", bound.headerValue()));
        return options;
    }
}
