package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AddressGuardTest {

    record Row(String address, String refusedAs) {}

    static Stream<Row> addresses() {
        return Stream.of(
                new Row("127.0.0.1", "loopback"),
                new Row("127.1.2.3", "loopback"),
                new Row("::1", "loopback"),
                new Row("10.1.2.3", "private"),
                new Row("172.16.0.1", "private"),
                new Row("172.31.255.255", "private"),
                new Row("192.168.1.1", "private"),
                new Row("fc00::1", "private"),
                new Row("fd12:3456::1", "private"),
                new Row("169.254.169.254", "cloud metadata"),
                new Row("fd00:ec2::254", "cloud metadata"),
                new Row("169.254.1.1", "link-local"),
                new Row("fe80::1", "link-local"),
                new Row("100.64.0.1", "carrier-grade NAT"),
                new Row("100.127.255.254", "carrier-grade NAT"),
                new Row("224.0.0.1", "multicast"),
                new Row("ff02::1", "multicast"),
                new Row("0.0.0.0", "unspecified"),
                new Row("::", "unspecified"),
                new Row("255.255.255.255", "reserved"),
                new Row("8.8.8.8", null),
                new Row("172.32.0.1", null),
                new Row("100.128.0.1", null),
                new Row("2606:4700::1111", null));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void refusesInternalAddressesAndAllowsPublicOnes(Row row) throws UnknownHostException {
        AddressGuard guard =
                new AddressGuard(List.of(), host -> new InetAddress[] {InetAddress.getByName(row.address())});
        if (row.refusedAs() == null) {
            assertEquals(InetAddress.getByName(row.address()), guard.resolve("registry.example"));
        } else {
            RegistryException refused = assertThrows(RegistryException.class, () -> guard.resolve("registry.example"));
            assertTrue(refused.getMessage().contains("registry.example"), refused.getMessage());
            assertTrue(refused.getMessage().contains(row.refusedAs()), refused.getMessage());
        }
    }

    @Test
    void allowsListedNetworks() throws UnknownHostException {
        AddressGuard guard = new AddressGuard(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1/32")), host ->
                new InetAddress[] {InetAddress.getByName(host)});
        assertEquals(InetAddress.getByName("10.9.8.7"), guard.resolve("10.9.8.7"));
        assertEquals(InetAddress.getByName("127.0.0.1"), guard.resolve("127.0.0.1"));
        assertThrows(RegistryException.class, () -> guard.resolve("127.0.0.2"));
        assertThrows(RegistryException.class, () -> guard.resolve("192.168.0.1"));
    }

    @Test
    void connectsToTheFirstPermittedAddressOfAHostWithMixedAnswers() throws UnknownHostException {
        InetAddress[] answers = {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("93.184.216.34")};
        AddressGuard guard = new AddressGuard(List.of(), host -> answers);
        assertEquals(answers[1], guard.resolve("mixed.example"));
    }

    @Test
    void refusesHostsThatDoNotResolve() {
        AddressGuard guard = new AddressGuard(List.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThrows(RegistryException.class, () -> guard.resolve("nowhere.example"));
    }

    @Test
    void cidrListsNeverTriggerDnsLookups() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("internal.example/8"));
    }
}
