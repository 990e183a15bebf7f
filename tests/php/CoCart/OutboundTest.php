<?php
/**
 * Outbound requests obey WordPress: only the saved store's origin is added to what core allows, another service on
 * this server is refused without a socket, transport errors are generic on screen (the cURL text goes to the
 * debug log), and both request paths — request() through wp_safe_remote_request() and request_many() through
 * curl_multi — honour WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS and WP_PROXY_*. The constants are set in a
 * child PHP process (outbound-child.php): a constant cannot be undefined in this one. Listeners are sockets this
 * test opens, so "no connection reached it" is checked, not assumed.
 */

declare(strict_types=1);

use CartSessions\CoCart\Client;
use CartSessions\CoCart\DebugLog;
use CartSessions\Credentials\Settings;

final class OutboundTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_feedfacecafebeef0123456789abcdef01234567';

	/** @var resource[] */
	private $servers = array();

	protected function tearDown(): void {
		foreach ( $this->servers as $server ) {
			fclose( $server );
		}
		$this->servers = array();
		parent::tearDown();
	}

	/**
	 * A listening socket on a free port of $ip: [socket, port].
	 *
	 * @return array{0:resource,1:int}
	 */
	private function listen( string $ip ): array {
		$server = stream_socket_server( 'tcp://' . $ip . ':0', $errno, $errstr );
		$this->assertIsResource( $server, $errstr );
		$this->servers[] = $server;
		$name            = (string) stream_socket_get_name( $server, false );
		return array( $server, (int) substr( $name, strrpos( $name, ':' ) + 1 ) );
	}

	/**
	 * Whether a connection is waiting on a listener (the backlog keeps it even if nobody accepted it yet).
	 *
	 * @param resource $server
	 */
	private function reached( $server ): bool {
		$read   = array( $server );
		$write  = null;
		$except = null;
		return (bool) stream_select( $read, $write, $except, 0, 300000 );
	}

	/**
	 * Runs outbound-child.php; while it runs, answers on $proxy (when given) and records each request line.
	 *
	 * @param resource|null $proxy
	 * @param string[]      $seen  The request lines the proxy received.
	 * @return array{one:mixed,many:array<int,mixed>}
	 */
	private function child(
		string $store,
		int $proxy_port,
		string $accessible,
		$proxy = null,
		array &$seen = array()
	): array {
		$command = array(
			PHP_BINARY,
			__DIR__ . '/outbound-child.php',
			untrailingslashit( ABSPATH ),
			$store,
			(string) $proxy_port,
			$accessible,
		);
		$process = proc_open(
			implode( ' ', array_map( 'escapeshellarg', $command ) ),
			array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
			$pipes
		);
		$this->assertIsResource( $process );
		stream_set_blocking( $pipes[1], false );
		$out = '';
		for ( $i = 0; $i < 300; $i++ ) {
			$out .= (string) stream_get_contents( $pipes[1] );
			if ( ! proc_get_status( $process )['running'] ) {
				break;
			}
			if ( null !== $proxy && $this->reached( $proxy ) ) {
				$conn = stream_socket_accept( $proxy, 1 );
				$head = '';
				while ( is_resource( $conn ) && false === strpos( $head, "\r\n\r\n" ) && ! feof( $conn ) ) {
					$head .= (string) fread( $conn, 8192 );
				}
				$seen[] = (string) strtok( $head, "\r\n" );
				fwrite(
					$conn,
					"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n" .
						"\r\n[]"
				);
				fclose( $conn );
			} else {
				usleep( 50000 );
			}
		}
		stream_set_blocking( $pipes[1], true );
		$out   .= (string) stream_get_contents( $pipes[1] );
		$errors = (string) stream_get_contents( $pipes[2] );
		proc_close( $process );
		$lines  = array_values( array_filter( explode( "\n", trim( $out ) ) ) );
		$result = json_decode( (string) end( $lines ), true );
		$this->assertIsArray( $result, $out . $errors );
		return $result;
	}

	public function test_with_outbound_requests_blocked_both_paths_refuse_without_opening_a_socket(): void {
		// This site's wp-config.php sets WP_HTTP_BLOCK_EXTERNAL; the store is not in WP_ACCESSIBLE_HOSTS.
		$this->assertTrue( defined( 'WP_HTTP_BLOCK_EXTERNAL' ) && WP_HTTP_BLOCK_EXTERNAL );
		list( $store, $port ) = $this->listen( '127.0.0.2' );
		$result               = $this->child( 'http://127.0.0.2:' . $port, 0, 'api.wordpress.org' );
		$this->assertSame( 'blocked_url', $result['one'] );
		$this->assertSame( array( 'blocked_url', 'blocked_url' ), $result['many'] );
		$this->assertFalse( $this->reached( $store ), 'no connection reached the store' );

		// The control: with the store in WP_ACCESSIBLE_HOSTS both paths do connect.
		$this->child( 'http://127.0.0.2:' . $port, 0, '127.0.0.2' );
		$this->assertTrue( $this->reached( $store ), 'allowed, the same requests reach the store' );
	}

	public function test_with_a_proxy_set_both_paths_go_through_it(): void {
		list( $store, $store_port ) = $this->listen( '127.0.0.2' );
		list( $proxy, $proxy_port ) = $this->listen( '127.0.0.1' );
		$seen                       = array();
		$result                     = $this->child(
			'http://127.0.0.2:' . $store_port,
			$proxy_port,
			'127.0.0.2',
			$proxy,
			$seen
		);
		$this->assertSame( 200, $result['one'] );
		$this->assertSame( array( 200, 200 ), $result['many'] );
		$this->assertCount( 3, $seen, implode( "\n", $seen ) );
		$base = 'http://127.0.0.2:' . $store_port . '/wp-json/cocart/v2/';
		$this->assertStringStartsWith(
			'GET ' . $base . 'sessions?',
			$seen[0],
			'request(): absolute-form, to the proxy'
		);
		$paths = array_slice( $seen, 1 );
		sort( $paths );
		$this->assertStringStartsWith( 'GET ' . $base . 'session/a?', $paths[0], 'request_many(): to the proxy too' );
		$this->assertStringStartsWith( 'GET ' . $base . 'session/b?', $paths[1] );
		$this->assertFalse( $this->reached( $store ), 'nothing went around the proxy' );
	}

	public function test_another_service_on_this_server_is_refused_as_a_store_without_a_socket(): void {
		list( $service, $port ) = $this->listen( '127.0.0.1' ); // Say, a database or a cache on this server.
		$this->add_test_filter( 'cart_sessions_allow_local_store', '__return_false' ); // Production: not allowed.
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'http://127.0.0.1:' . $port,
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
				)
			)
		);
		$client = new Client( null, array( 'sleep' => static function (): void {} ) );
		$one    = $client->get( 'cocart/v2/sessions' );
		$many   = $client->request_many( array( 'a' => array( 'GET', 'cocart/v2/session/a' ) ) );
		$this->assertSame( 'blocked_url', $one->get_error_data()['reason'] );
		$this->assertSame( 'blocked_url', $many['a']->get_error_data()['reason'] );
		$this->assertFalse( $this->reached( $service ), 'no connection reached the service' );
	}

	public function test_the_stores_port_is_allowed_for_the_stores_origin_only(): void {
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'https://shop.example.com:8443',
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
				)
			)
		);
		$client = new Client();
		$core   = array( 80, 443, 8080 );
		$this->assertContains(
			8443,
			$client->allow_store_port( $core, 'shop.example.com', 'https://shop.example.com:8443/wp-json/x' )
		);
		$elsewheres = array(
			'https://other.example.com:8443/x',
			'http://shop.example.com:8443/x',
			'https://shop.example.com:8444/x',
		);
		foreach ( $elsewheres as $elsewhere ) {
			$this->assertSame(
				$core,
				$client->allow_store_port( $core, (string) wp_parse_url( $elsewhere, PHP_URL_HOST ), $elsewhere ),
				$elsewhere
			);
		}
	}

	public function test_a_metadata_address_is_refused_as_a_store(): void {
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'http://169.254.169.254',
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
				)
			)
		);
		$sent = 0;
		$this->add_test_filter(
			'http_api_curl',
			static function () use ( &$sent ): void {
				++$sent;
			}
		);
		$client = new Client( null, array( 'sleep' => static function (): void {} ) );
		$this->assertSame( 'blocked_url', $client->get( 'cocart/v2/sessions' )->get_error_data()['reason'] );
		$this->assertSame(
			'blocked_url',
			$client->request_many(
				array( 'a' => array( 'GET', 'cocart/v2/session/a' ) )
			)['a']->get_error_data()['reason']
		);
		$this->assertSame( 0, $sent, 'no cURL handle was even set up' );
	}

	public function test_a_transport_error_is_generic_on_screen_and_detailed_in_the_debug_log_only(): void {
		list( , $port ) = $this->listen( '127.0.0.1' );
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'http://127.0.0.1:' . $port,
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
					'debug_log'       => true,
					'timeout'         => 2,
				)
			)
		);
		// Nobody answers on the socket: the connection is accepted by the backlog, then times out; a port that is
		// closed gives "Couldn't connect". Either way the screen gets no transport text.
		fclose( array_pop( $this->servers ) );
		$client = new Client( null, array( 'sleep' => static function (): void {} ) );
		foreach (
			array(
				$client->get( 'cocart/v2/sessions' ),
				$client->request_many( array( 'a' => array( 'GET', 'cocart/v2/session/a' ) ) )['a'],
			) as $error
		) {
			$this->assertSame( 'unreachable', $error->get_error_data()['reason'] );
			$this->assertStringNotContainsString( 'cURL', $error->get_error_message() );
			$this->assertStringNotContainsString(
				'connect',
				strtolower( str_replace( 'connections', '', $error->get_error_message() ) )
			);
		}
		$logged = implode( "\n", array_column( ( new DebugLog() )->entries(), 'error' ) );
		$this->assertStringContainsString( 'cURL error 7', $logged, 'the details are in the debug log' );
	}
}
