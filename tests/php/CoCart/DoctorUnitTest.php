<?php
/**
 * Doctor cases the store double cannot stage (a host that strips the Authorization header, a site without
 * CoCart), with a scripted store at the pre_http_request edge.
 */

declare(strict_types=1);

use CartSessions\CoCart\Doctor;
use CartSessions\Credentials\Settings;

final class DoctorUnitTest extends WpTestCase {

	private const CK = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e70005';

	/** @var string */
	private $store = 'with_cocart';

	protected function setUp(): void {
		parent::setUp();
		$this->add_test_filter( 'pre_http_request', array( $this, 'store' ), 10, 3 );
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'https://shop.example.com',
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
				)
			)
		);
	}


	/**
	 * @param mixed $body
	 * @return array<string,mixed>
	 */
	private static function json( int $status, $body ): array {
		return array(
			'headers'  => new WpOrg\Requests\Utility\CaseInsensitiveDictionary(
				array( 'content-type' => 'application/json' )
			),
			'body'     => (string) wp_json_encode( $body ),
			'response' => array( 'code' => $status, 'message' => '' ),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	private static function error( int $status, string $code ): array {
		return self::json(
			$status,
			array( 'code' => $code, 'message' => $code, 'data' => array( 'status' => $status ) )
		);
	}

	/**
	 * A store whose web server drops the Authorization header (so Basic looks anonymous); or one without CoCart.
	 *
	 * @param mixed               $pre
	 * @param array<string,mixed> $args
	 * @return mixed
	 */
	public function store( $pre, $args, $url ) {
		if ( 0 === strpos( $url, rest_url() ) ) {
			return self::json( 200, array( 'namespaces' => array() ) ); // Loopback to this site.
		}
		$path    = (string) wp_parse_url( $url, PHP_URL_PATH );
		$query   = (string) wp_parse_url( $url, PHP_URL_QUERY );
		$has_key = false !== strpos( $query, 'consumer_key=' . self::CK ) && false !== strpos(
			$query,
			'consumer_secret=' . self::CS
		);
		if ( 'no_cocart' === $this->store ) {
			return self::error( 404, 'rest_no_route' );
		}
		switch ( true ) {
			case '/wp-json/cocart/v2' === $path:
				return self::json(
					200,
					array(
						'namespace' => 'cocart/v2',
						'routes'    => array(
							'/cocart/v2/sessions'                       => array(),
							'/cocart/v2/session/(?P<session_key>[\w]+)' => array(),
						),
					)
				);
			case '/wp-json/cocart/v2/store' === $path:
				return self::json( 200, array( 'version' => '4.3.6' ) );
			case 0 === strpos( $path, '/wp-json/cocart/v2/session/cart_sessions_probe_' ):
				if ( ! $has_key ) {
					return self::error( 401, 'cocart_rest_cannot_view' ); // The Basic header never arrived.
				}
				return 'DELETE' === $args['method'] ? self::error( 404, 'cocart_session_not_valid' ) : self::error(
					404,
					'cocart_cart_in_session_not_valid'
				);
			case '/wp-json/wc/v3/system_status' === $path:
				return $has_key ? self::json(
					200,
					array(
						'settings' => array( 'number_of_decimals' => 3, 'currency' => 'KWD' ),
						'cocart'   => array( 'carts_in_session' => '5', 'count_carts_active' => '2' ),
					)
				) : self::error( 401, 'woocommerce_rest_cannot_view' );
			case '/wp-json/wc/v3/system_status/tools' === $path:
				return self::json( 200, array( array( 'id' => 'cocart_cleanup_carts' ) ) );
		}
		return self::error( 404, 'rest_no_route' );
	}

	public function test_a_stripped_authorization_header_is_named_and_worked_around(): void {
		$checks = array_column( ( new Doctor() )->run()['checks'], null, 'id' );
		$this->assertSame( 'pass', $checks['key']['status'], wp_json_encode( $checks['key'] ) );
		$this->assertSame( 'pass', $checks['key_permission']['status'] );
		$this->assertSame( 'warn', $checks['auth_header']['status'] );
		$this->assertStringContainsString( 'strips the Authorization header', $checks['auth_header']['message'] );
		$this->assertStringContainsString( 'CGIPassAuth', $checks['auth_header']['fix'] );
		$this->assertSame( 'query', ( new Settings() )->key_state()['auth'], 'remembered: no more Basic attempts' );
		$this->assertStringContainsString( '5 carts in session', $checks['system_status']['message'] );
		$info = get_option( Doctor::STORE_INFO_OPTION );
		$this->assertSame( 3, $info['decimals'] );
		$this->assertSame( 'KWD', $info['currency'] );
	}

	public function test_a_store_without_cocart(): void {
		$this->store = 'no_cocart';
		$report      = ( new Doctor() )->run();
		$checks      = array_column( $report['checks'], null, 'id' );
		$this->assertFalse( $report['ok'] );
		$this->assertSame( 'pass', $checks['reachable']['status'] );
		$this->assertSame( 'pass', $checks['permalinks']['status'] );
		$this->assertSame( 'fail', $checks['cocart']['status'] );
		$this->assertStringContainsString( 'Install', $checks['cocart']['fix'] );
		$this->assertSame( 'fail', $checks['sessions_route']['status'] );
		$this->assertSame( 'fail', $checks['key']['status'] );
	}
}
