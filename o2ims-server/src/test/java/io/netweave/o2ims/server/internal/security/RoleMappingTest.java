package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class RoleMappingTest {

  @Test
  void defaultScopesMapToTheReferenceRoles() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("scope", "openid role:o2ims-reader  role:o2ims-subscriber")
            .build();
    assertThat(RoleMapping.defaults().roles(claims))
        .containsExactlyInAnyOrder(Role.READER, Role.SUBSCRIBER);
  }

  @Test
  void scpArraysAndConfiguredClaimsAreRead() {
    RoleMapping mapping =
        new RoleMapping(
            Map.of("o2-admins", Role.ADMIN, "role:o2ims-reader", Role.READER),
            List.of("groups"),
            Map.of());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("scp", List.of("role:o2ims-reader"))
            .claim("groups", List.of("o2-admins", "staff"))
            .build();
    assertThat(mapping.roles(claims)).containsExactlyInAnyOrder(Role.ADMIN, Role.READER);
  }

  @Test
  void unknownValuesGrantNothing() {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("scope", "admin root").build();
    assertThat(RoleMapping.defaults().roles(claims)).isEmpty();
  }

  @Test
  void certificateSubjectsMatchWhateverTheDnSpacing() {
    RoleMapping mapping =
        new RoleMapping(Map.of(), List.of(), Map.of("CN=smo-1, O=Operator", Set.of(Role.READER)));
    assertThat(mapping.roles(new X500Principal("cn=smo-1,o=operator")))
        .containsExactly(Role.READER);
    assertThat(mapping.roles(new X500Principal("CN=smo-2,O=Operator"))).isEmpty();
  }
}
