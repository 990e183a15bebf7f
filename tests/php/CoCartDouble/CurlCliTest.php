<?php
/**
 * The command-line proof the issue asks for: `curl` with OAuth 1.0a over HTTP and with Basic over HTTPS both list
 * sessions; Basic over HTTP does not. The credentials go to curl through a config on stdin (not argv), so they
 * never show up in a process list.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

final class CurlCliTest extends DoubleTestCase {

	/**
	 * Runs the curl binary; returns [HTTP status, body].
	 *
	 * @return array{0:int,1:string}
	 */
	private function curl( string $config ): array {
		$proc = proc_open(
			array( 'curl', '--silent', '--show-error', '--config', '-' ),
			array( array( 'pipe', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ),
			$pipes
		);
		$this->assertIsResource( $proc );
		fwrite( $pipes[0], $config . "write-out = \"\\n%{http_code}\"\n" );
		fclose( $pipes[0] );
		$out = (string) stream_get_contents( $pipes[1] );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$this->assertSame( 0, proc_close( $proc ), "curl failed: $err" );
		$cut = strrpos( $out, "\n" );
		return array( (int) substr( $out, $cut + 1 ), substr( $out, 0, (int) $cut ) );
	}

	private static function quote( string $s ): string {
		return '"' . addcslashes( $s, '"\\' ) . '"';
	}

	public function test_curl_with_oauth1_over_http_lists_sessions(): void {
		$this->put_cart( 't_curl1', $this->session() );
		$key    = $this->make_key();
		$url    = self::HTTP . '/wp-json/cocart/v2/sessions';
		$params = OAuth1::sign( 'GET', $url, array(), $key['consumer_key'], $key['consumer_secret'], 'HMAC-SHA256' );
		list( $status, $body ) = $this->curl(
			'url = '
			. self::quote( $url . '?' . OAuth1::build_query( $params ) )
			. "\n"
		);
		$this->assertSame( 200, $status, $body );
		$this->assertContains( 't_curl1', array_column( (array) json_decode( $body, true ), 'cart_key' ) );
	}

	public function test_curl_with_basic_over_https_lists_sessions(): void {
		$this->put_cart( 't_curl2', $this->session() );
		$key = $this->make_key();
		list( $status, $body ) = $this->curl(
			'url = ' . self::quote( self::HTTPS . '/wp-json/cocart/v2/sessions' ) . "\n" .
			"insecure\n" . // The proxy's certificate is self-signed.
			'user = ' . self::quote( $key['consumer_key'] . ':' . $key['consumer_secret'] ) . "\n"
		);
		$this->assertSame( 200, $status, $body );
		$this->assertContains( 't_curl2', array_column( (array) json_decode( $body, true ), 'cart_key' ) );
	}

	public function test_curl_with_basic_over_http_does_not_list_sessions(): void {
		$this->put_cart( 't_curl3', $this->session() );
		$key = $this->make_key();
		list( $status, $body ) = $this->curl(
			'url = ' . self::quote( self::HTTP . '/wp-json/cocart/v2/sessions' ) . "\n" .
			'user = ' . self::quote( $key['consumer_key'] . ':' . $key['consumer_secret'] ) . "\n"
		);
		$this->assertSame( 401, $status );
		$this->assertStringNotContainsString( 't_curl3', $body );
		$this->assertSame( 'cocart_authentication_error', json_decode( $body, true )['code'] );
	}
}
