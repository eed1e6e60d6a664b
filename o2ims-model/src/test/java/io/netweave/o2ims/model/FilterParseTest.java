package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParseTest {

  static Stream<Arguments> validFilters() {
    return Stream.of(
        arguments("(eq,name,zone-a)", "(eq,name,'zone-a')"),
        arguments("(EQ,name,zone-a)", "(eq,name,'zone-a')"),
        arguments("(Eq,name,'zone-a')", "(eq,name,'zone-a')"),
        arguments("  (eq,name,zone-a)  ", "(eq,name,'zone-a')"),
        arguments("( eq ,name,x)", "(eq,name,'x')"),
        arguments("(eq, name ,x)", "(eq,name,'x')"),
        arguments("(eq,name,)", "(eq,name,'')"),
        arguments("(eq,name,'')", "(eq,name,'')"),
        arguments("(eq,name, )", "(eq,name,' ')"),
        arguments("(eq,name,a b)", "(eq,name,'a b')"),
        arguments("(eq,name, a b )", "(eq,name,' a b ')"),
        arguments("(eq,name, 'a b' )", "(eq,name,'a b')"),
        arguments("(eq,name,'it''s')", "(eq,name,'it''s')"),
        arguments("(eq,name,'''')", "(eq,name,'''')"),
        arguments("(eq,name,'a,b')", "(eq,name,'a,b')"),
        arguments("(eq,name,'a;b')", "(eq,name,'a;b')"),
        arguments("(eq,name,'(x)')", "(eq,name,'(x)')"),
        arguments("(eq,name,'a)b(c')", "(eq,name,'a)b(c')"),
        arguments("(in,name,a,b,c)", "(in,name,'a','b','c')"),
        arguments("(IN,name,a,'b,c', d)", "(in,name,'a','b,c',' d')"),
        arguments("(in,name,a)", "(in,name,'a')"),
        arguments("(in,name,a,)", "(in,name,'a','')"),
        arguments("(nin,name,a,b)", "(nin,name,'a','b')"),
        arguments("(cont,name,zone)", "(cont,name,'zone')"),
        arguments("(ncont,name,x,y)", "(ncont,name,'x','y')"),
        arguments("(gt,extensions/cpuCount,4)", "(gt,extensions/cpuCount,'4')"),
        arguments("(gte,extensions/cpuCount,4)", "(gte,extensions/cpuCount,'4')"),
        arguments("(lt,extensions/load,1.5)", "(lt,extensions/load,'1.5')"),
        arguments("(lte,extensions/load,-1e3)", "(lte,extensions/load,'-1e3')"),
        arguments("(neq,name,x)", "(neq,name,'x')"),
        arguments("(eq,a/b/c,x)", "(eq,a/b/c,'x')"),
        arguments(
            "(eq,extensions/labels/topology.kubernetes.io~1zone,zone-a)",
            "(eq,extensions/labels/topology.kubernetes.io~1zone,'zone-a')"),
        arguments("(eq,extensions/tilde~0key,t)", "(eq,extensions/tilde~0key,'t')"),
        arguments("(eq,extensions/a~01,t)", "(eq,extensions/a~01,'t')"),
        arguments("(eq,extensions/my key,x)", "(eq,extensions/my key,'x')"),
        arguments("(eq,a,1);(eq,b,2)", "(eq,a,'1');(eq,b,'2')"),
        arguments("(eq,b,2);(eq,a,1)", "(eq,a,'1');(eq,b,'2')"),
        arguments("(eq,a,1) ; (eq,b,2)", "(eq,a,'1');(eq,b,'2')"),
        arguments("(eq,a,1);(eq,a,1)", "(eq,a,'1')"),
        arguments("(eq,a,1);(EQ,a,'1')", "(eq,a,'1')"),
        arguments("(eq,name,ünïcödé)", "(eq,name,'ünïcödé')"),
        arguments("(eq,name,a\tb)", "(eq,name,'a\tb')"),
        arguments("(eq,name,100%)", "(eq,name,'100%')"),
        arguments("(eq,name,a=b&c)", "(eq,name,'a=b&c')"),
        arguments("(eq,name,\"q\")", "(eq,name,'\"q\"')"),
        arguments("(eq,name,a/b)", "(eq,name,'a/b')"),
        arguments("(eq,name,~x)", "(eq,name,'~x')"),
        arguments("(eq,name,'')   ;(neq,name,'  ')", "(eq,name,'');(neq,name,'  ')"),
        arguments(
            "(cont,description,'rack ''A''; row (3)')", "(cont,description,'rack ''A''; row (3)')"),
        arguments(
            "(eq,tags,gpu);(in,groups,g1,g2);(cont,description,node)",
            "(cont,description,'node');(eq,tags,'gpu');(in,groups,'g1','g2')"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validFilters")
  void validFilterParsesToItsCanonicalForm(String text, String canonical) {
    Filter filter = Filter.parse(text);
    assertThat(filter.canonical()).isEqualTo(canonical);
    assertThat(Filter.parse(filter.canonical()).canonical()).isEqualTo(canonical);
  }

  static Stream<Arguments> malformedFilters() {
    return Stream.of(
        arguments("", "empty", 0),
        arguments("   ", "empty", 3),
        arguments("(eq,name)", "missing value", 8),
        arguments("(eq)", "missing attribute path and value", 3),
        arguments("()", "missing attribute path and value", 1),
        arguments("(eq,,x)", "empty attribute path", 4),
        arguments("(eq, ,x)", "empty attribute path", 4),
        arguments("(eq,a//b,x)", "empty attribute path segment", 6),
        arguments("(eq,/a,x)", "empty attribute path segment", 4),
        arguments("(eq,a/,x)", "empty attribute path segment", 6),
        arguments("(eq,a,1);", "trailing ';'", 8),
        arguments("(eq,a,1); ", "trailing ';'", 8),
        arguments("(eq,a,1);;(eq,b,2)", "expected '(' to start a term", 9),
        arguments(";(eq,a,1)", "expected '(' to start a term", 0),
        arguments("(foo,name,x)", "unknown operator 'foo'", 1),
        arguments("(,name,x)", "unknown operator ''", 1),
        arguments("(equals,name,x)", "unknown operator", 1),
        arguments("(eq,name,x", "missing ')'", 10),
        arguments("(eq,name,'x'", "missing ')'", 12),
        arguments("(eq,name,'x", "unterminated quoted value", 9),
        arguments("(eq,name,'x''", "unterminated quoted value", 9),
        arguments("(eq,name,x))", "expected ';' between terms", 11),
        arguments("(eq,name,x)(eq,a,b)", "expected ';' between terms", 11),
        arguments("(eq,name,x) x", "expected ';' between terms", 12),
        arguments("eq,name,x", "expected '(' to start a term", 0),
        arguments("((eq,name,x))", "unexpected '('", 1),
        arguments("(eq,name,(x))", "put the value in single quotes", 9),
        arguments("(eq,name,a;b)", "put the value in single quotes", 10),
        arguments("(eq,name,it's)", "put the value in single quotes", 11),
        arguments("(eq,name,'a'b)", "after a quoted value", 12),
        arguments("(eq,name,'a' 'b')", "after a quoted value", 13),
        arguments("(eq,na(me,x)", "unexpected '('", 6),
        arguments("(eq,na;me,x)", "unexpected ';'", 6),
        arguments("(eq,'name',x)", "unexpected '''", 4),
        arguments("(e;q,name,x)", "unexpected ';'", 2),
        arguments("(eq,a~2b,x)", "'~' in an attribute path", 5),
        arguments("(eq,a~,x)", "'~' in an attribute path", 5),
        arguments("(eq,name,a,b)", "takes exactly one value, found 2", 0),
        arguments("(neq,name,a,b)", "takes exactly one value", 0),
        arguments("(gt,name,1,2)", "takes exactly one value", 0),
        arguments("(gte,name,1,2)", "takes exactly one value", 0),
        arguments("(lt,name,1,2)", "takes exactly one value", 0),
        arguments("(lte,name,1,2,3)", "takes exactly one value, found 3", 0),
        arguments("(eq,a,1);(eq,b)", "missing value", 14),
        arguments("(eq,a,1) ; (xx,b,1)", "unknown operator 'xx'", 12),
        arguments("(", "missing ')'", 1),
        arguments(")", "expected '('", 0),
        arguments("'", "expected '('", 0),
        arguments("(eq,name,x);'", "expected '('", 12));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedFilters")
  void malformedFilterIsRejectedWithItsPosition(String text, String message, int position) {
    assertThatThrownBy(() -> Filter.parse(text))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("filter");
              assertThat(e.getMessage()).contains(message);
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.input()).isEqualTo(text);
            });
  }

  @Test
  void nullFilterIsRejected() {
    assertThatThrownBy(() -> Filter.parse((String) null)).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> Filter.parse((List<String>) null))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> Filter.parse(Arrays.asList("(eq,a,b)", null)))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void severalFilterParametersAreAnded() {
    Filter filter = Filter.parse(List.of("(eq,b,2)", "(eq,a,1);(neq,c,3)"));
    assertThat(filter.terms()).hasSize(3);
    assertThat(filter.canonical()).isEqualTo("(eq,a,'1');(eq,b,'2');(neq,c,'3')");
  }

  @Test
  void noFilterParameterMatchesEverything() {
    Filter filter = Filter.parse(List.of());
    assertThat(filter.terms()).isEmpty();
    assertThat(filter.canonical()).isEmpty();
    assertThat(filter.matches(Fixtures.named("res"))).isTrue();
    assertThat(Filter.all().matches(Fixtures.named("bare"))).isTrue();
  }

  @Test
  void percentDecodedSemicolonSeparatesTermsLikeARawOne() {
    String decoded =
        java.net.URLDecoder.decode(
            "(eq,name,a)%3B(eq,description,b)", java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Filter.parse(decoded)).isEqualTo(Filter.parse("(eq,name,a);(eq,description,b)"));
  }

  @Test
  void parsedTermExposesOperatorPathAndValues() {
    Filter.Term term =
        Filter.parse("(IN,extensions/labels/topology.kubernetes.io~1zone,a,'b''c')").terms().get(0);
    assertThat(term.operator()).isEqualTo(Filter.Operator.IN);
    assertThat(term.path()).containsExactly("extensions", "labels", "topology.kubernetes.io/zone");
    assertThat(term.values()).containsExactly("a", "b'c");
  }

  @Test
  void overlongFilterIsRejected() {
    String text = "(eq,name,'" + "x".repeat(70_000) + "')";
    assertThatThrownBy(() -> Filter.parse(text)).isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void deeplyNestedGarbageIsRejectedWithoutStackOverflow() {
    String text = "(".repeat(60_000) + ")".repeat(5_000);
    assertThatThrownBy(() -> Filter.parse(text)).isInstanceOf(InvalidQueryException.class);
    String manySegments = "(eq," + "a/".repeat(30_000) + "a,x)";
    Filter deep = Filter.parse(manySegments);
    assertThat(deep.matches(Fixtures.named("res"))).isFalse();
  }
}
