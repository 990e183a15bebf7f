<?php
/**
 * The client's edges without a store: OAuth signatures against known vectors, backoff, retry decisions, what it
 * sends (pre_http_request is the unit edge here), error mapping, JSON with notices before it.
 */

declare(strict_types=1);

use CartSessions\CoCart\Body;
use CartSessions\CoCart\Client;
use CartSessions\CoCart\Errors;
use CartSessions\CoCart\OAuth;
use CartSessions\CoCart\Response;
use CartSessions\Credentials\Settings;

final class ClientUnitTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70002';

	/** @var array<int,array{url:string,args:array<string,mixed>}> */
	private $sent = array();

	/** @var array<int,mixed> Answers to give, in order (array response or WP_Error). */
	private $answers = array();

	/** @var float[] */
	private $slept = array();

	protected function setUp(): void {
		parent::setUp();
		$this->add_test_filter( 'pre_http_request', array( $this, 'intercept' ), 10, 3 );
	}

	/**
	 * @param mixed               $pre
	 * @param array<string,mixed> $args
	 * @return mixed
	 */
	public function intercept( $pre, $args, $url ) {
		$this->sent[] = array(
			'url'  => $url,
			'args' => $args,
		);
		return array_shift( $this->answers ) ?? self::answer( 200, '[]' );
	}

	protected function tearDown(): void {
		putenv( 'COCART_API_URL' );
		parent::tearDown();
	}

	/**
	 * @param array<string,string> $headers
	 * @return array<string,mixed>
	 */
	private static function answer( int $status, string $body, array $headers = array() ): array {
		return array(
			'headers'  => new WpOrg\Requests\Utility\CaseInsensitiveDictionary( $headers ),
			'body'     => $body,
			'response' => array( 'code' => $status, 'message' => '' ),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	private function client( string $url = 'https://shop.example.com' ): Client {
		$this->assertTrue(
			( new Settings() )->save(
				array( 'store_url' => $url, 'consumer_key' => self::CK, 'consumer_secret' => self::CS )
			)
		);
		return new Client(
			null,
			array(
				'sleep'  => function ( float $s ): void {
					$this->slept[] = $s;
				},
				'random' => static function (): float {
					return 0.5;
				},
			)
		);
	}

	public function test_oauth_hmac_sha1_matches_the_published_vector(): void {
		// Twitter's "Creating a signature" example (RFC 5849 normalisation, with a token secret).
		$params = array(
			'status'                 => 'Hello Ladies + Gentlemen, a signed OAuth request!',
			'include_entities'       => 'true',
			'oauth_consumer_key'     => 'xvz1evFS4wEEPTGEFPHBog',
			'oauth_nonce'            => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
			'oauth_signature_method' => 'HMAC-SHA1',
			'oauth_timestamp'        => '1318622958',
			'oauth_token'            => '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
			'oauth_version'          => '1.0',
		);
		$base   = OAuth::base_string( 'post', 'https://api.twitter.com/1.1/statuses/update.json', $params );
		$this->assertStringStartsWith(
			'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json' .
				'&include_entities%3Dtrue%26oauth_consumer_key',
			$base
		);
		$this->assertSame(
			'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
			OAuth::signature(
				$base,
				'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
				'HMAC-SHA1',
				'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'
			)
		);
	}

	public function test_oauth_hmac_sha256_agrees_with_an_independent_signer(): void {
		$fixed = array( 'oauth_timestamp' => '1700000000', 'oauth_nonce' => 'abc123' );
		$query = array( 'thumb' => 'false', 'q' => 'a b+c~d' );
		$ours  = OAuth::sign(
			'GET',
			'http://127.0.0.1:8899/wp-json/cocart/v2/sessions',
			$query,
			self::CK,
			self::CS,
			'HMAC-SHA256',
			1700000000,
			'abc123'
		);
		$test  = OAuth1::sign(
			'GET',
			'http://127.0.0.1:8899/wp-json/cocart/v2/sessions',
			$query,
			self::CK,
			self::CS,
			'HMAC-SHA256',
			$fixed
		);
		$this->assertSame( $test['oauth_signature'], $ours['oauth_signature'] );
		$this->assertSame( 'http://127.0.0.1:8899/x', OAuth::base_uri( 'HTTP://127.0.0.1:8899/x?y=1' ) );
		$this->assertSame( 'https://a.example/x', OAuth::base_uri( 'https://A.example:443/x' ) );
		$this->assertSame( 'q=a%20b%2Bc~d', OAuth::build_query( array( 'q' => 'a b+c~d' ) ) );
	}

	public function test_backoff_is_exponential_jittered_capped_and_yields_to_retry_after(): void {
		$this->assertSame( 0.25, Client::backoff( 1, null, 0.0 ) );
		$this->assertSame( 0.5, Client::backoff( 1, null, 1.0 ) );
		$this->assertSame( 0.75, Client::backoff( 2, null, 0.5 ) );
		$this->assertSame( 2.0, Client::backoff( 4, null, 0.0 ) );
		$this->assertSame( Client::MAX_DELAY, Client::backoff( 10, null, 1.0 ) );
		$this->assertSame( 7.0, Client::backoff( 1, 7.0, 0.3 ) );
		$this->assertSame( 5.0, Errors::retry_after( array( 'retry-after' => '5' ) ) );
		$this->assertEqualsWithDelta(
			60.0,
			Errors::retry_after( array( 'retry-after' => gmdate( 'D, d M Y H:i:s \G\M\T', time() + 60 ) ) ),
			2.0
		);
		$this->assertNull( Errors::retry_after( array() ) );
	}

	public function test_idempotent_requests_are_retried_on_busy_answers(): void {
		$client        = $this->client();
		$this->answers = array(
			self::answer( 503, 'maintenance', array( 'Retry-After' => '2' ) ),
			self::answer( 502, '<html>bad gateway</html>' ),
			self::answer( 200, '[{"cart_key":"a"}]' ),
		);
		$r = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r );
		$this->assertCount( 3, $this->sent );
		$this->assertSame( array( 2.0, 0.375 * 2 ), $this->slept ); // Retry-After, then backoff(2) with random 0.5.
	}

	public function test_retries_are_capped(): void {
		$client        = $this->client();
		$this->answers = array_fill( 0, 5, self::answer( 504, 'gateway timeout' ) );
		$this->assertInstanceOf( WP_Error::class, $client->get( 'cocart/v2/sessions' ) );
		$this->assertCount( Client::MAX_ATTEMPTS, $this->sent );

		$this->sent    = array();
		$this->slept   = array();
		$this->answers = array( self::answer( 429, 'slow down', array( 'Retry-After' => '3600' ) ) );
		$e             = $client->get( 'cocart/v2/sessions' );
		$this->assertSame( 'busy', $e->get_error_data()['reason'] );
		$this->assertSame( 3600, $e->get_error_data()['retry_after'] );
		$this->assertCount( 1, $this->sent, 'a long Retry-After is reported, not waited for' );
		$this->assertSame( array(), $this->slept );
	}

	public function test_non_idempotent_requests_are_not_retried(): void {
		$client        = $this->client();
		$this->answers = array( self::answer( 503, 'busy' ), self::answer( 200, '"ok"' ) );
		$this->assertInstanceOf(
			WP_Error::class,
			$client->request( 'PUT', 'wc/v3/system_status/tools/cocart_cleanup_carts' )
		);
		$this->assertCount( 1, $this->sent );
	}

	public function test_timeouts_are_retried_once(): void {
		$client        = $this->client();
		$this->answers = array_fill(
			0,
			3,
			new WP_Error(
				'http_request_failed',
				'cURL error 28: Operation timed out after 15001 milliseconds with 0 bytes received'
			)
		);
		$e             = $client->get( 'cocart/v2/sessions' );
		$this->assertSame( 'too_slow', $e->get_error_data()['reason'] );
		$this->assertSame( 504, $e->get_error_data()['status'] );
		$this->assertCount( 2, $this->sent );
	}

	public function test_what_is_sent_over_https(): void {
		$client = $this->client();
		$client->get( 'cocart/v2/session/abc', array( 'cart_key' => 'abc', 'thumb' => 'false' ) );
		$sent = $this->sent[0];
		$this->assertSame( 'https://shop.example.com/wp-json/cocart/v2/session/abc?thumb=false', $sent['url'] );
		$this->assertSame( 0, $sent['args']['redirection'] );
		$this->assertTrue( $sent['args']['reject_unsafe_urls'] );
		$this->assertSame(
			'Basic ' . base64_encode( self::CK . ':' . self::CS ),
			$sent['args']['headers']['Authorization']
		);
		$this->assertArrayNotHasKey( 'CoCart-API-Cart-Key', $sent['args']['headers'] );
		$this->assertSame( Settings::DEFAULT_TIMEOUT, $sent['args']['timeout'] );
	}

	public function test_what_is_sent_over_http(): void {
		$client = $this->client( 'http://shop.example.com' );
		$client->get( 'cocart/v2/sessions' );
		$url = $this->sent[0]['url'];
		$this->assertArrayNotHasKey( 'Authorization', $this->sent[0]['args']['headers'] );
		$this->assertStringNotContainsString( self::CS, $url, 'the secret never travels over plain HTTP' );
		$this->assertStringNotContainsString( 'consumer_secret', $url );
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $q );
		$this->assertSame( self::CK, $q['oauth_consumer_key'] );
		$this->assertSame( 'HMAC-SHA256', $q['oauth_signature_method'] );
		$expected = OAuth::sign(
			'GET',
			'http://shop.example.com/wp-json/cocart/v2/sessions',
			array(),
			self::CK,
			self::CS,
			'HMAC-SHA256',
			(int) $q['oauth_timestamp'],
			$q['oauth_nonce']
		);
		$this->assertSame( $expected['oauth_signature'], $q['oauth_signature'] );
	}

	public function test_basic_refusal_retries_with_query_keys(): void {
		$client        = $this->client();
		$this->answers = array(
			self::answer(
				401,
				'{"code":"cocart_authentication_error","message":"Authentication is invalid.","data":{"status":401}}'
			),
			self::answer( 200, '[]' ),
		);
		$r = $client->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( Response::class, $r );
		$this->assertSame( 'query', $r->auth );
		$this->assertArrayNotHasKey( 'Authorization', $this->sent[1]['args']['headers'] );
		$this->assertStringContainsString( 'consumer_key=' . self::CK, $this->sent[1]['url'] );
		$this->assertStringStartsWith( 'https://', $this->sent[1]['url'] );
	}

	public function test_a_redirect_is_not_followed_and_names_the_fix(): void {
		$client        = $this->client( 'http://shop.example.com' );
		$this->answers = array(
			self::answer(
				301,
				'',
				array( 'Location' => 'https://shop.example.com/wp-json/cocart/v2/sessions?oauth_signature=zzz' )
			),
		);
		$e             = $client->get( 'cocart/v2/sessions' );
		$this->assertSame( 'https_required', $e->get_error_data()['reason'] );
		$this->assertStringContainsString( 'https://shop.example.com', $e->get_error_message() );
		$this->assertStringNotContainsString( 'zzz', $e->get_error_message() );
		$this->assertCount( 1, $this->sent );
	}

	public function test_a_non_http_store_url_never_leaves_the_server(): void {
		$this->client();
		putenv( 'COCART_API_URL=file:///etc/passwd' );
		$e = ( new Client() )->get( 'cocart/v2/sessions' );
		$this->assertInstanceOf( WP_Error::class, $e );
		$this->assertSame( 'invalid_override', $e->get_error_data()['reason'] );
		$this->assertSame( array(), $this->sent );
	}

	public function test_not_configured_and_reconnect_required(): void {
		$e = ( new Client() )->get( 'cocart/v2/sessions' );
		$this->assertSame( 'cart_sessions_not_configured', $e->get_error_code() );
		$this->client();
		$this->add_test_filter(
			'salt',
			static function ( $salt ) {
				return 'new' . $salt;
			}
		);
		$e = ( new Client() )->get( 'cocart/v2/sessions' );
		$this->assertSame( 'cart_sessions_reconnect_required', $e->get_error_code() );
		$this->assertStringContainsString( 'Enter the consumer key and secret again', $e->get_error_message() );
		$this->assertSame( array(), $this->sent );
	}

	/**
	 * @return array<string,array{0:int,1:string,2:string,3:array<string,string>}>
	 */
	public function error_cases(): array {
		$json = static function ( string $code, string $message, int $status ): string {
			return (string) wp_json_encode(
				array( 'code' => $code, 'message' => $message, 'data' => array( 'status' => $status ) )
			);
		};
		return array(
			'bad key'             => array(
				401,
				$json( 'cocart_authentication_error', 'Authentication is invalid.', 401 ),
				'bad_key',
				array(),
			),
			'bad signature'       => array(
				401,
				$json(
					'woocommerce_rest_authentication_error',
					'Invalid signature - provided signature does not match.',
					401
				),
				'bad_key',
				array(),
			),
			'read-only key'       => array(
				401,
				$json(
					'woocommerce_rest_authentication_error',
					'The API key provided does not have write permissions.',
					401
				),
				'key_permission',
				array(),
			),
			'owner not a manager' => array(
				403,
				$json( 'cocart_rest_cannot_view', 'Sorry, you cannot list resources.', 403 ),
				'key_owner',
				array(),
			),
			'header stripped'     => array(
				401,
				$json( 'cocart_rest_cannot_view', 'Sorry, you cannot list resources.', 401 ),
				'key_ignored',
				array(),
			),
			'clock'               => array(
				401,
				$json( 'woocommerce_rest_authentication_error', 'Invalid timestamp.', 401 ),
				'clock',
				array(),
			),
			'cocart missing'      => array(
				404,
				$json( 'rest_no_route', 'No route was found matching the URL and request method.', 404 ),
				'cocart_missing',
				array(),
			),
			'permalinks off'      => array(
				404,
				'<!DOCTYPE html><html><body>Page not found</body></html>',
				'permalinks_off',
				array(),
			),
			'empty list'          => array(
				404,
				$json( 'cocart_no_carts_in_session', 'No carts in session!', 404 ),
				'not_found',
				array(),
			),
			'waf'                 => array( 403, '<html>Access denied</html>', 'blocked', array() ),
			'critical error'      => array(
				500,
				'<html><body><p>There has been a critical error on this website.</p></body></html>',
				'store_error',
				array(),
			),
			'challenge'           => array(
				200,
				'<!DOCTYPE html><html><title>Just a moment...</title>Checking your browser</html>',
				'not_json',
				array(),
			),
			'truncated'           => array( 200, '[{"cart_key":"abc","cart_', 'not_json', array() ),
			'redirect elsewhere'  => array(
				302,
				'',
				'redirected',
				array( 'location' => 'https://elsewhere.example.com/wp-json/' ),
			),
			'busy'                => array( 429, 'slow', 'busy', array( 'retry-after' => '9' ) ),
			'plain permalinks'    => array(
				301,
				'',
				'permalinks_off',
				array( 'location' => 'https://shop.example.com/wp-json/cocart/v2/sessions/' ),
			),
			'plain permalinks 2'  => array(
				302,
				'',
				'permalinks_off',
				array( 'location' => 'https://shop.example.com/' ),
			),
		);
	}

	/**
	 * @dataProvider error_cases
	 * @param array<string,string> $headers
	 */
	public function test_error_mapping( int $status, string $body, string $reason, array $headers ): void {
		$e = Errors::response(
			$status,
			$headers,
			$body,
			array(
				'path'      => 'cocart/v2/sessions',
				'scheme'    => 'https',
				'store_url' => 'https://shop.example.com',
				'url'       => 'https://shop.example.com/wp-json/cocart/v2/sessions',
			),
			array( self::CS )
		);
		$this->assertSame( $reason, $e->get_error_data()['reason'] );
		$this->assertSame( 'cart_sessions_' . $reason, $e->get_error_code() );
		if ( 'not_found' !== $reason ) {
			$this->assertGreaterThan( 40, strlen( $e->get_error_message() ), 'a message with a fix' );
		}
		$this->assertNotContains(
			$e->get_error_data()['status'],
			array( 401, 403 ),
			'upstream auth trouble is not our caller’s auth trouble'
		);
	}

	public function test_the_secret_never_appears_in_an_error_message(): void {
		$client        = $this->client();
		$echo          = (string) wp_json_encode(
			array(
				'code'    => 'x',
				'message' => 'bad consumer_secret=' . self::CS . ' and ' . self::CS,
				'data'    => array( 'status' => 418 ),
			)
		);
		$this->answers = array(
			self::answer( 418, $echo ),
			new WP_Error( 'http_request_failed', 'Failed to connect to shop.example.com?consumer_secret=' . self::CS ),
		);
		foreach ( array( $client->get( 'a' ), $client->get( 'b' ) ) as $e ) {
			$this->assertInstanceOf( WP_Error::class, $e );
			$this->assertStringNotContainsString(
				substr( self::CS, 3 ),
				$e->get_error_message() . wp_json_encode( $e->get_error_data() )
			);
		}
	}

	public function test_json_after_php_notices_is_read(): void {
		$notices = "<br />\n<b>Warning</b>:  Undefined array key \"customer\" in <b>" .
			"/srv/www/wp-content/plugins/cart-rest-api-for-woocommerce/x.php</b> on line <b>97</b><br />\n"
			. "<br />\n<b>Deprecated</b>:  Creation of dynamic property in <b>/srv/x.php</b> on line <b>3</b><br />\n";
		$decoded = Body::decode( $notices . '[{"cart_key":"a"}]' );
		$this->assertTrue( $decoded['ok'] );
		$this->assertTrue( $decoded['noise'] );
		$this->assertSame( array( array( 'cart_key' => 'a' ) ), $decoded['data'] );
		$this->assertTrue( Body::decode( "PHP Notice:  Undefined index: x in /a.php on line 4\n{\"a\":1}" )['ok'] );
		$this->assertTrue( Body::decode( "\xEF\xBB\xBF[]" )['ok'] );
		$this->assertSame( 'Session successfully deleted!', Body::decode( '"Session successfully deleted!"' )['data'] );
		$this->assertFalse( Body::decode( '<html></html>' )['ok'] );
		$this->assertFalse( Body::decode( '' )['ok'] );
	}
}
