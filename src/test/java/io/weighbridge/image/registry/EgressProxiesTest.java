package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which proxy a URL goes through, from the environment and the keys that override it; credentials never shown. */
class EgressProxiesTest {
    private static final URI HTTPS = URI.create("https://registry.example.com/v2/");
    private static final URI HTTP = URI.create("http://registry.example.com:5000/v2/");
    private static final Optional<String> UNSET = Optional.empty();

    private static Optional<String> proxyFor(EgressProxies proxies, URI uri) {
        return proxies.proxyFor(uri).map(EgressProxy::toString);
    }

    @Test
    void httpsAndHttpEachUseTheirOwnVariableAndNeitherFallsBackOnTheOther() {
        EgressProxies httpsOnly = EgressProxies.of(UNSET, UNSET, UNSET, Map.of("HTTPS_PROXY", "http://secure:3128"));
        assertEquals(Optional.of("secure:3128"), proxyFor(httpsOnly, HTTPS));
        assertEquals(Optional.empty(), proxyFor(httpsOnly, HTTP));
        EgressProxies httpOnly = EgressProxies.of(UNSET, UNSET, UNSET, Map.of("HTTP_PROXY", "plain:8080"));
        assertEquals(Optional.empty(), proxyFor(httpOnly, HTTPS));
        assertEquals(Optional.of("plain:8080"), proxyFor(httpOnly, HTTP));
    }

    @Test
    void upperCaseIsReadBeforeLowerCaseAndLowerCaseAloneWorks() {
        EgressProxies both = EgressProxies.of(
                UNSET,
                UNSET,
                UNSET,
                Map.of("HTTPS_PROXY", "upper:1", "https_proxy", "lower:2", "no_proxy", ".example.com"));
        // no_proxy (lower case alone) names the registry's domain
        assertEquals(Optional.empty(), proxyFor(both, HTTPS));
        assertEquals(Optional.of("upper:1"), proxyFor(both, URI.create("https://quay.io/v2/")));
        EgressProxies lower = EgressProxies.of(UNSET, UNSET, UNSET, Map.of("https_proxy", "lower:2"));
        assertEquals(Optional.of("lower:2"), proxyFor(lower, HTTPS));
    }

    @Test
    void keysOverrideTheEnvironmentAndNoneTurnsAProxyOff() {
        Map<String, String> environment = Map.of("HTTPS_PROXY", "env:1", "HTTP_PROXY", "env:2", "NO_PROXY", "*");
        EgressProxies configured = EgressProxies.of(
                Optional.of("key:3"), Optional.of("none"), Optional.of("internal.example"), environment);
        assertEquals(Optional.of("key:3"), proxyFor(configured, HTTPS));
        assertEquals(Optional.empty(), proxyFor(configured, HTTP));
        assertEquals(Optional.empty(), proxyFor(configured, URI.create("https://internal.example/v2/")));
        assertEquals("HTTPS through key:3, HTTP direct", configured.toString());
    }

    @Test
    void aProxyUrlIsReadAsGoReadsItAndItsCredentialsAreNeverShown() {
        EgressProxy proxy = EgressProxy.parse("HTTPS_PROXY", "http://us%40er:p%3As%2Bs+word@proxy.corp:3128/");
        assertEquals("proxy.corp", proxy.host());
        assertEquals(3128, proxy.port());
        assertEquals(Optional.of("us@er"), proxy.user());
        assertEquals(Optional.of("p:s+s+word"), proxy.password());
        assertEquals("proxy.corp:3128", proxy.toString());
        assertEquals(
                "proxy.corp:80", EgressProxy.parse("HTTPS_PROXY", "proxy.corp").toString());
        assertEquals(
                "[fd00::3]:3128",
                EgressProxy.parse("HTTPS_PROXY", "http://[fd00::3]:3128").toString());
        EgressProxies proxies =
                EgressProxies.of(UNSET, UNSET, UNSET, Map.of("HTTPS_PROXY", "http://user:hunter2@proxy.corp:3128"));
        assertFalse(proxies.toString().contains("hunter2"), proxies.toString());
    }

    @Test
    void aProxyThatCannotBeUsedIsOneLineThatNamesTheSettingAndNotItsValue() {
        IllegalArgumentException socks = assertThrows(
                IllegalArgumentException.class,
                () -> EgressProxies.of(UNSET, UNSET, UNSET, Map.of("HTTPS_PROXY", "socks5://user:hunter2@proxy:1080")));
        assertTrue(socks.getMessage().startsWith("HTTPS_PROXY names a socks5 proxy"), socks.getMessage());
        assertFalse(socks.getMessage().contains("hunter2"), socks.getMessage());
        IllegalArgumentException broken = assertThrows(
                IllegalArgumentException.class,
                () -> EgressProxies.of(Optional.of("http://user:hun ter2@proxy"), UNSET, UNSET, Map.of()));
        assertTrue(
                broken.getMessage().startsWith("weighbridge.registry.proxy.https is not a proxy URL"),
                broken.getMessage());
        assertFalse(broken.getMessage().contains("hun ter2"), broken.getMessage());
    }
}
