package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NO_PROXY as Go's golang.org/x/net/http/httpproxy reads it: its own table (TestUseProxy), and curl's port and CIDR forms. */
class NoProxyTest {
    /** The NO_PROXY of httpproxy's proxy_test.go. */
    private static final NoProxy GO = NoProxy.parse(
            "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, "
                    + "192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64");

    @ParameterizedTest(name = "{0} reached directly: {1}")
    @CsvSource({
        // Never proxied: localhost and loopback
        "localhost, true",
        "127.0.0.1, true",
        "127.0.0.2, true",
        "[::1], true",
        "[::2], false",
        // IP literals, with and without ports, and CIDRs
        "192.168.1.1, true",
        "192.168.1.2, false",
        "192.168.1.3, true",
        "192.168.1.4, false",
        "10.0.0.2, true",
        "[2001:db8::52:0:1], true",
        "[2001:db8::52:0:2], false",
        "[2001:db8::52:0:3], true",
        "[2002:db8:a::123], true",
        "[fe80::424b:c8be:1643:a1b6], false",
        // Names: the name and its subdomains; .name and *.name subdomains only; never a mere suffix of characters
        "barbaz.net, false",
        "www.barbaz.net, true",
        "foobar.com, true",
        "www.foobar.com, true",
        "foofoobar.com, false",
        "baz.com, false",
        "localhost.net, false",
        "local.localhost, false",
        "barbarbaz.net, false",
        "wildcard.io, false",
        "nested.wildcard.io, true",
        "awildcard.io, false",
        "FOOBAR.COM, true"
    })
    void goTable(String host, boolean direct) {
        assertEquals(direct, GO.direct(URI.create("http://" + host + "/v2/")));
    }

    @ParameterizedTest(name = "NO_PROXY={0}: {1} reached directly: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*                        | https://registry.example.com/v2/  | true",
                "''                       | https://registry.example.com/v2/  | false",
                "example.com:443          | https://registry.example.com/v2/  | true",
                "example.com:443          | https://registry.example.com:5000/v2/ | false",
                "registry.example.com:5000| https://registry.example.com:5000/v2/ | true",
                ".example.com             | https://example.com/v2/           | false",
                "example.com              | https://example.com/v2/           | true",
                " , .svc ,.cluster.local  | https://image-registry.openshift-image-registry.svc:5000/v2/ | true",
                "10.0.0.0/8               | https://10.1.2.3/v2/              | true",
                "10.0.0.0/8               | https://registry.internal/v2/     | false",
                "172.30.0.0/16,.svc       | https://[fc00::1]:5000/v2/        | false",
                "fc00::/7                 | https://[fc00::1]:5000/v2/        | true",
                "[fc00::1]:5000           | https://[fc00::1]:5000/v2/        | true",
            })
    void forms(String noProxy, String uri, boolean direct) {
        assertEquals(direct, NoProxy.parse(noProxy).direct(URI.create(uri)));
    }

    @Test
    void onlyLiteralsAreAddressesAndNoEntryIsLookedUp() {
        assertEquals(Optional.empty(), NoProxy.ipLiteral("999.1.1.1"));
        assertEquals(Optional.empty(), NoProxy.ipLiteral("registry.example.com"));
        assertEquals(Optional.empty(), NoProxy.ipLiteral("cafe"));
        assertTrue(NoProxy.ipLiteral("fc00::1").isPresent());
    }
}
