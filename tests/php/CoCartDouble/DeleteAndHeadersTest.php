<?php
/**
 * DELETE /cocart/v2/session/<key> (docs/cocart-api.md#deleting) and the headers of session responses (#one-cart).
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class DeleteAndHeadersTest extends DoubleTestCase {

	/**
	 * @dataProvider readable_modes
	 */
	public function test_delete_answers_200_with_a_bare_json_string_and_removes_the_row( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		$this->put_cart( 'keep', $this->session() );
		$r = $this->api( 'DELETE', 'cocart/v2/session/abc', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( '"Session successfully deleted!"', $r->body );
		$this->assertNull( $this->row( 'abc' ) );
		$this->assertNotNull( $this->row( 'keep' ) );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_delete_of_a_missing_key_is_404_session_not_valid( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->assertRestError(
			$this->api( 'DELETE', 'cocart/v2/session/nope', $key ),
			404,
			'cocart_session_not_valid',
			'Session is not valid!'
		);
	}

	public function test_delete_is_case_insensitive_too(): void {
		$key = $this->make_key();
		$this->put_cart( 't_abc', $this->session() );
		$this->assertSame( 200, $this->api( 'DELETE', 'cocart/v2/session/T_ABC', $key )->status );
		$this->assertNull( $this->row( 't_abc' ) );
	}

	public function test_delete_of_a_user_key_removes_the_persistent_cart_meta(): void {
		$key      = $this->make_key();
		$customer = $this->make_user( 'subscriber' );
		update_user_meta(
			$customer,
			'_woocommerce_persistent_cart_' . get_current_blog_id(),
			array( 'cart' => array() )
		);
		update_user_meta( $customer, 'billing_first_name', 'Kept' );
		$this->put_cart( (string) $customer, $this->session() );
		$this->assertSame( 200, $this->api( 'DELETE', 'cocart/v2/session/' . $customer, $key )->status );
		wp_cache_flush();
		$this->assertSame(
			'',
			get_user_meta( $customer, '_woocommerce_persistent_cart_' . get_current_blog_id(), true )
		);
		$this->assertSame( 'Kept', get_user_meta( $customer, 'billing_first_name', true ) );
	}

	public function test_delete_with_a_read_only_key_is_401_and_deletes_nothing(): void {
		$key = $this->make_key( 'read' );
		$this->put_cart( 'abc', $this->session() );
		$this->assertRestError(
			$this->api( 'DELETE', 'cocart/v2/session/abc', $key ),
			401,
			'woocommerce_rest_authentication_error',
			'The API key provided does not have write permissions.'
		);
		$this->assertNotNull( $this->row( 'abc' ) );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_session_responses_carry_cocart_timestamp_and_version( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		$before = time();
		foreach (
			array(
				array( 'GET', 'cocart/v2/sessions' ),
				array( 'GET', 'cocart/v2/session/empty1' ),
				array( 'DELETE', 'cocart/v2/session/empty1' ),
			) as list( $method, $path )
		) {
			$r = $this->api( $method, $path, $key );
			if ( '4.2.0' === $mode && 'cocart/v2/sessions' !== $path ) {
				continue; // Those answer 404 in 4.2.0–4.3.5 (VersionModesTest).
			}
			$this->assertSame( 200, $r->status, "$method $path: {$r->body}" );
			$this->assertGreaterThanOrEqual( $before, (int) $r->header( 'CoCart-Timestamp' ) );
			// 4.x before 4.7: always; 4.7.0+: only with WP_DEBUG, which the local sites have on.
			$this->assertSame( $mode, $r->header( 'CoCart-Version' ) );
		}
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_cart_key_headers_are_never_on_session_routes( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		foreach ( array( 'cocart/v2/sessions', 'cocart/v2/session/empty1' ) as $path ) {
			$r = $this->api( 'GET', $path, $key );
			$this->assertSame( 200, $r->status );
			$headers = array( 'CoCart-API-Cart-Key', 'CoCart-API-Cart-Expiring', 'CoCart-API-Cart-Expiration' );
			foreach ( $headers as $header ) {
				$this->assertNull( $r->header( $header ), "$header on $path" );
			}
		}
	}

	public function test_4_3_6_sends_no_cocart_headers_on_errors_and_4_7_0_does(): void {
		$key = $this->make_key();
		$r   = $this->api( 'GET', 'cocart/v2/session/nope', $key );
		$this->assertSame( 404, $r->status );
		$this->assertNull( $r->header( 'CoCart-Timestamp' ), 'CoCart_Response adds them to successes only' );
		$this->mode( '4.7.0' );
		$r = $this->api( 'GET', 'cocart/v2/session/nope', $key );
		$this->assertSame( 404, $r->status );
		$this->assertNotNull( $r->header( 'CoCart-Timestamp' ), 'set_global_headers() in 4.7.0' );
	}
}
