<?php
/**
 * Cookie authentication over real HTTP against the test server: a logged-in administrator's cookie without a
 * wp_rest nonce, or with a wrong one, gets 403 on every plugin route; with the right nonce, 200.
 */

declare(strict_types=1);

final class CookieNonceTest extends HttpTestCase {

	/** @var string */
	private $jar = '';

	protected function tearDown(): void {
		if ( '' !== $this->jar && is_file( $this->jar ) ) {
			unlink( $this->jar );
		}
		parent::tearDown();
	}

	/**
	 * @param string[] $headers
	 * @return array{0:int,1:string}
	 */
	private function curl( string $method, string $url, array $headers = array(), ?string $post = null ): array {
		$ch = curl_init( $url );
		curl_setopt_array(
			$ch,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_COOKIEJAR      => $this->jar,
				CURLOPT_COOKIEFILE     => $this->jar,
				CURLOPT_HTTPHEADER     => $headers,
				CURLOPT_TIMEOUT        => 20,
			)
		);
		if ( null !== $post ) {
			curl_setopt( $ch, CURLOPT_POSTFIELDS, $post );
		}
		$body   = (string) curl_exec( $ch );
		$status = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		curl_close( $ch );
		return array( $status, $body );
	}

	/**
	 * Logs a new administrator in over HTTP; returns a wp_rest nonce for the session.
	 */
	private function log_in(): string {
		$this->jar = (string) tempnam( sys_get_temp_dir(), 'cs-jar' );
		$password  = 'pw-' . wp_generate_password( 12, false );
		$user      = get_userdata( $this->make_user( 'administrator', array(), $password ) );
		file_put_contents( $this->jar, "127.0.0.1\tFALSE\t/\tFALSE\t0\twordpress_test_cookie\tWP%20Cookie%20check\n" );
		list( $status ) = $this->curl(
			'POST',
			self::HTTP . '/wp-login.php',
			array(),
			http_build_query(
				array(
					'log'         => $user->user_login,
					'pwd'         => $password,
					'testcookie'  => '1',
					'redirect_to' => self::HTTP . '/wp-admin/'
				)
			)
		);
		$this->assertSame( 302, $status, 'logged in' );
		list( $status, $nonce ) = $this->curl( 'GET', self::HTTP . '/wp-admin/admin-ajax.php?action=rest-nonce' );
		$this->assertSame( 200, $status );
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
				'_transient_timeout_cart_sessions_health_report'
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
				array( 'DELETE', 'log' )
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
			$this->request( 'GET', self::HTTP . '/wp-json/cart-sessions/v1/settings' )->status
		);
		$this->assertSame( 401, $anonymous );
	}
}
