package dev.secretsstore.driver.http;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QueryParametersTests {

	@Test
	void decodesEveryValueOfEveryParameterInOrder() {
		assertThat(QueryParameters.parse("a=1&b=2&b=3&c&d=x%20y&&e=a=b")).containsExactly(Map.entry("a", List.of("1")),
				Map.entry("b", List.of("2", "3")), Map.entry("c", List.of("")), Map.entry("d", List.of("x y")),
				Map.entry("e", List.of("a=b")));
		assertThat(QueryParameters.parse(null)).isEmpty();
		assertThat(QueryParameters.parse("")).isEmpty();
	}

	@Test
	void theFirstValueOfAParameterOrNone() {
		assertThat(QueryParameters.first("code=abc%2B1&code=other", "code")).isEqualTo("abc+1");
		assertThat(QueryParameters.first("other=1", "code")).isNull();
		assertThat(QueryParameters.first(null, "code")).isNull();
	}

	@Test
	void anInvalidEscapeIsRefusedNamingTheParameterButNotItsValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> QueryParameters.parse("code=s3cret%zz"))
			.withMessage("query parameter 'code' has an invalid escape");
	}

}
