<?php
/**
 * Cookie authentication over real HTTP against the test server: a logged-in administrator's cookie without a
 * wp_rest nonce, or with a wrong one, gets 403 on every plugin route; with the right nonce, 200.
 */

declare(strict_types=1);

final class CookieNonceTest extends HttpTestCase {

	/**
	 * @param string[] $headers
	 * @return array{0:int,1:string}
	 */
	private function curl( string $method, string $url, array $headers = array(), ?string $post = null ): array {
		$options = array(
			'cookies' => true,
			'headers' => $headers,
		);
		if ( null !== $post ) {
			$options['body'] = $post;
		}
		$r = $this->request( $method, $url, $options );
		return array( $r->status, $r->body );
	}

	/**
	 * Logs a new administrator in over HTTP; returns a wp_rest nonce for the session.
	 */
	private function log_in(): string {
		$nonce = $this->log_in_browser();
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{10}$/', $nonce );
		return $nonce;
	}

	public function test_the_browser_path_save_then_test_connection_over_http(): void {
		$nonce = $this->log_in();
		$key   = $this->make_key();
		$json  = array( 'Content-Type: application/json', 'X-WP-Nonce: ' . $nonce );
		try {
			list( $status, $body ) = $this->curl(
				'POST',
				self::HTTP . '/wp-json/cart-sessions/v1/settings',
				$json,
				(string) wp_json_encode(
					array( 'consumer_key' => $key['consumer_key'], 'consumer_secret' => $key['consumer_secret'] )
				)
			);
			$this->assertSame( 200, $status, $body );
			$this->assertStringNotContainsString( $key['consumer_secret'], $body );
			list( $status, $body ) = $this->curl(
				'POST',
				self::HTTP . '/wp-json/cart-sessions/v1/settings',
				$json,
				'{"consumer_key":"ck_bad"}'
			);
			$this->assertSame( 400, $status );
			$this->assertSame( 'rest_invalid_param', json_decode( $body, true )['code'] );
			// The doctor runs inside the web server and calls the same server (loopback to this site).
			list( $status, $body ) = $this->curl(
				'POST',
				self::HTTP . '/wp-json/cart-sessions/v1/connection/test',
				$json
			);
			$this->assertSame( 200, $status, $body );
			$report = json_decode( $body, true );
			$this->assertTrue( $report['ok'], $body );
			$this->assertStringNotContainsString( $key['consumer_secret'], $body );
		} finally {
			$options = array(
				'cart_sessions_connection',
				'cart_sessions_key_state',
				'cart_sessions_store_info',
				'cart_sessions_debug_log',
				'_transient_cart_sessions_health_report',
				'_transient_timeout_cart_sessions_health_report',
			);
			foreach ( $options as $option ) {
				delete_option( $option );
			}
		}
	}

	public function test_cookie_without_or_with_a_wrong_nonce_is_refused(): void {
		$nonce = $this->log_in();

		foreach (
			array(
				array( 'GET', 'settings' ),
				array( 'POST', 'settings' ),
				array( 'POST', 'connection/test' ),
				array( 'GET', 'log' ),
				array( 'DELETE', 'log' ),
			) as list( $method, $route )
		) {
			$url = self::HTTP . '/wp-json/cart-sessions/v1/' . $route;
			list( $missing, $body ) = $this->curl( $method, $url );
			$this->assertSame( 403, $missing, "$method $route without a nonce: $body" );
			list( $wrong ) = $this->curl( $method, $url, array( 'X-WP-Nonce: 0123456789' ) );
			$this->assertSame( 403, $wrong, "$method $route with a wrong nonce" );
		}
		list( $ok, $body ) = $this->curl(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/settings',
			array( 'X-WP-Nonce: ' . $nonce )
		);
		$this->assertSame( 200, $ok, $body );
		$this->assertArrayHasKey( 'secret_saved', (array) json_decode( $body, true ) );
		list( $anonymous ) = array(
			$this->request( 'GET', self::HTTP . '/wp-json/cart-sessions/v1/settings' )->status,
		);
		$this->assertSame( 401, $anonymous );
	}
}
