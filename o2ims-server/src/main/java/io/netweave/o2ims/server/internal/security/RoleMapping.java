package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Turns token claims and certificate subjects into {@link Role}s.
 *
 * <p>Tokens: the values of the {@code scope} claim (space-separated string), the {@code scp} claim
 * (array or string) and each configured extra claim ({@code auth.role_claims}, e.g. {@code roles}
 * or {@code groups}) are looked up in the value-to-role map ({@code auth.role_values}, default
 * {@code role:o2ims-admin}, {@code role:o2ims-reader}, {@code role:o2ims-subscriber} as in the
 * reference OpenAPI). Certificates: the subject DN (RFC 2253 form, as the JDK canonicalizes it) is
 * looked up in {@code auth.certificate_roles}. Unknown values grant nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoleMapping {
  public static final Map<String, Role> DEFAULT_VALUES =
      Map.of(
          "role:o2ims-admin", Role.ADMIN,
          "role:o2ims-reader", Role.READER,
          "role:o2ims-subscriber", Role.SUBSCRIBER);

  private final Map<String, Role> values;
  private final List<String> extraClaims;
  private final Map<String, Set<Role>> certificateSubjects;

  public RoleMapping(
      Map<String, Role> values,
      List<String> extraClaims,
      Map<String, Set<Role>> certificateSubjects) {
    this.values = Map.copyOf(values);
    this.extraClaims = List.copyOf(extraClaims);
    this.certificateSubjects =
        certificateSubjects.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    e -> canonical(e.getKey()), e -> Set.copyOf(e.getValue())));
  }

  public static RoleMapping defaults() {
    return new RoleMapping(DEFAULT_VALUES, List.of(), Map.of());
  }

  /** The roles the token's claims grant. */
  public Set<Role> roles(JWTClaimsSet claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    addAll(roles, claims.getClaim("scope"));
    addAll(roles, claims.getClaim("scp"));
    for (String claim : extraClaims) {
      addAll(roles, claims.getClaim(claim));
    }
    return roles;
  }

  /** The roles configured for a certificate subject; empty when it is not mapped. */
  public Set<Role> roles(X500Principal subject) {
    return certificateSubjects.getOrDefault(canonical(subject.getName()), Set.of());
  }

  private void addAll(Set<Role> roles, Object claim) {
    if (claim instanceof String text) {
      for (String value : text.trim().split("\\s+")) {
        add(roles, value);
      }
    } else if (claim instanceof List<?> list) {
      for (Object value : list) {
        if (value instanceof String text) {
          add(roles, text);
        }
      }
    }
  }

  private void add(Set<Role> roles, String value) {
    Role role = values.get(value);
    if (role != null) {
      roles.add(role);
    }
  }

  private static String canonical(String dn) {
    return new X500Principal(dn).getName(X500Principal.CANONICAL);
  }
}
