<?php
/**
 * The saved key pairs are bound to the store's origin (scheme://host:port): a secret is only ever sent to the
 * store it was saved for. Attacks tried: a shop manager points the URL elsewhere without the secret; a database
 * writer copies the blob into a row naming another store; a COCART_API_URL names another store.
 */

declare(strict_types=1);

use CartSessions\CoCart\Client;
use CartSessions\CoCart\Errors;
use CartSessions\Credentials\Encryption;
use CartSessions\Credentials\Overrides;
use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;

final class OriginBindingTest extends WpTestCase {

	private const CK  = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS  = 'cs_feedfacecafebeef0123456789abcdef01234567';
	private const CK2 = 'ck_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
	private const CS2 = 'cs_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

	protected function tearDown(): void {
		putenv( 'COCART_API_URL' );
		parent::tearDown();
	}

	private function save_for( string $url, array $more = array() ): Settings {
		$settings = new Settings();
		$this->assertTrue(
			$settings->save(
				array( 'store_url' => $url, 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) + $more
			)
		);
		return $settings;
	}

	public function test_origin_is_scheme_host_and_port(): void {
		$this->assertSame( 'https://shop.example.com:443', Validator::origin( 'HTTPS://Shop.Example.com/sub/' ) );
		$this->assertSame( 'http://shop.example.com:80', Validator::origin( 'http://shop.example.com' ) );
		$this->assertSame( 'https://shop.example.com:8443', Validator::origin( 'https://shop.example.com:8443' ) );
		$this->assertSame( '', Validator::origin( 'shop.example.com' ) );
	}

	public function test_changing_the_store_url_without_the_secret_is_refused(): void {
		$settings = $this->save_for( 'https://shop.example.com' );
		$before   = get_option( Settings::OPTION );
		$elsewheres = array(
			'https://attacker.example.net',
			'http://shop.example.com',
			'https://shop.example.com:8443',
		);
		foreach ( $elsewheres as $elsewhere ) {
			$refused = $settings->save( array( 'store_url' => $elsewhere ) );
			$this->assertWPError( $refused, $elsewhere );
			$this->assertSame( 400, $refused->get_error_data()['status'] );
			$params = $refused->get_error_data()['params'];
			$this->assertArrayHasKey( 'consumer_key', $params, $elsewhere );
			$this->assertArrayHasKey( 'consumer_secret', $params, $elsewhere );
			$this->assertStringContainsString( Validator::origin( $elsewhere ), $params['consumer_secret'] );
			$this->assertSame( $before, get_option( Settings::OPTION ), 'a failed save changes nothing' );
			// The key alone (as the screen would send it back) is not enough either.
			$this->assertWPError( $settings->save( array( 'store_url' => $elsewhere, 'consumer_key' => self::CK ) ) );
		}
		$this->assertSame( 'https://shop.example.com', $settings->store_url() );
		$this->assertSame(
			array( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ),
			$settings->key_pairs()
		);
	}

	public function test_a_shop_manager_cannot_redirect_the_key_an_administrator_saved(): void {
		$this->log_in_as( 'administrator' );
		$saved = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				'store_url'       => 'https://shop.example.com',
				'consumer_key'    => self::CK,
				'consumer_secret' => self::CS,
			)
		);
		$this->assertSame( 200, $saved->get_status() );
		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
		$this->log_in_as( 'shop_manager' );
		$response = $this->rest(
			'POST',
			'/cart-sessions/v1/settings',
			array( 'store_url' => 'https://attacker.example.net' )
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( 'consumer_secret', $response->get_data()['data']['params'] );
		$this->assertSame( 'https://shop.example.com', ( new Settings() )->store_url() );
	}

	public function test_an_origin_change_with_the_full_pair_works_and_another_path_on_the_same_origin_needs_nothing(
	): void {
		$settings = $this->save_for( 'https://shop.example.com' );
		$this->assertTrue(
			$settings->save( array( 'store_url' => 'https://shop.example.com/sub' ) ),
			'same origin, another path'
		);
		$this->assertSame( Settings::STATE_OK, $settings->state() );
		$this->assertTrue(
			$settings->save(
				array(
					'store_url'       => 'https://other.example.org',
					'consumer_key'    => self::CK2,
					'consumer_secret' => self::CS2,
				)
			)
		);
		$this->assertSame( Settings::STATE_OK, $settings->state() );
		$this->assertSame(
			array( array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ) ),
			$settings->key_pairs()
		);
		$this->assertSame( 'https://other.example.org:443', get_option( Settings::OPTION )['secrets_origin'] );
		// The same key pair, given again in full, may move too.
		$this->assertTrue(
			$settings->save(
				array(
					'store_url'       => 'https://third.example.org',
					'consumer_key'    => self::CK2,
					'consumer_secret' => self::CS2,
				)
			)
		);
		$this->assertSame( Settings::STATE_OK, $settings->state() );
	}

	public function test_backup_pairs_are_bound_to_the_origin_too(): void {
		$settings = $this->save_for(
			'https://shop.example.com',
			array( 'backup_keys' => array( array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ) ) )
		);
		$new_primary = array(
			'store_url'       => 'https://attacker.example.net',
			'consumer_key'    => self::CK,
			'consumer_secret' => self::CS,
		);
		$refused     = $settings->save( $new_primary );
		$this->assertWPError( $refused );
		$this->assertArrayHasKey( 'backup_keys', $refused->get_error_data()['params'] );
		$blank = $settings->save(
			$new_primary + array(
				'backup_keys' => array( array( 'consumer_key' => self::CK2, 'consumer_secret' => '' ) ),
			)
		);
		$this->assertWPError( $blank, 'a backup with "keep the saved secret" does not carry it to another store' );
		$this->assertArrayHasKey( 'backup_keys[0].consumer_secret', $blank->get_error_data()['params'] );
		$this->assertCount( 2, $settings->key_pairs() );
		$this->assertSame( 'https://shop.example.com', $settings->store_url() );
		$this->assertTrue( $settings->save( $new_primary + array( 'backup_keys' => array() ) ) );
		$this->assertCount( 1, $settings->key_pairs() );
	}

	public function test_a_pair_copied_to_another_origins_row_decrypts_to_nothing(): void {
		$this->save_for( 'https://shop.example.com' );
		$row              = get_option( Settings::OPTION );
		$row['store_url'] = 'https://attacker.example.net';
		$row['secrets_origin'] = 'https://attacker.example.net:443'; // Even the plain label is forged.
		update_option( Settings::OPTION, $row, false );

		$settings = new Settings();
		$this->assertSame( Settings::STATE_RECONNECT, $settings->state() );
		$this->assertSame( array(), $settings->key_pairs() );
		$this->assertNotContains( self::CS, $settings->all_secrets() );
		$sent   = 0;
		$this->add_test_filter(
			'pre_http_request',
			static function () use ( &$sent ) {
				++$sent;
				return new WP_Error( 'http_request_failed', 'must not be sent' );
			}
		);
		$answer = ( new Client( $settings ) )->get( 'cocart/v2/sessions' );
		$this->assertWPError( $answer );
		$this->assertSame( 'reconnect_required', $answer->get_error_data()['reason'] );
		$this->assertSame( 0, $sent, 'nothing went to the other host' );
	}

	public function test_an_override_url_for_another_store_refuses_the_saved_secret_with_a_message(): void {
		$this->save_for( 'https://shop.example.com' );
		putenv( 'COCART_API_URL=https://attacker.example.net' );
		$settings = new Settings();
		$this->assertSame( 'https://attacker.example.net', $settings->store_url() );
		$this->assertSame( Settings::STATE_RECONNECT, $settings->state() );
		$this->assertSame( array(), $settings->key_pairs() );
		$message = Errors::for_state( $settings->state(), $settings )->get_error_message();
		$this->assertStringContainsString( 'https://shop.example.com:443', $message );
		$this->assertStringContainsString( 'https://attacker.example.net:443', $message );
		$this->assertStringNotContainsString( self::CS, $message );
		putenv( 'COCART_API_URL=https://shop.example.com/' );
		$this->assertSame(
			Settings::STATE_OK,
			( new Settings() )->state(),
			'an override naming the same store is fine'
		);
	}

	public function test_a_secret_saved_before_the_binding_is_bound_to_the_saved_url_on_first_read(): void {
		$plain = (string) wp_json_encode(
			array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS, 'backup_keys' => array() )
		);
		$key   = sodium_crypto_generichash(
			'cart-sessions-for-cocart|credentials|v1|' . wp_salt( 'logged_in' ),
			'',
			SODIUM_CRYPTO_SECRETBOX_KEYBYTES
		);
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$v1    = 'csenc1:' . base64_encode( $nonce . sodium_crypto_secretbox( $plain, $nonce, $key ) );
		update_option( Settings::OPTION, array( 'store_url' => 'https://shop.example.com', 'secrets' => $v1 ), false );

		$settings = new Settings();
		$this->assertSame( Settings::STATE_OK, $settings->state() );
		$row = get_option( Settings::OPTION );
		$this->assertStringStartsWith( 'csenc2:', $row['secrets'], 'rewritten with the origin bound in' );
		$this->assertSame( 'https://shop.example.com:443', $row['secrets_origin'] );
		$this->assertNull( ( new Encryption() )->decrypt( $row['secrets'], 'https://attacker.example.net:443' ) );

		// Moved in the database after the migration: no longer decrypts.
		$row['store_url'] = 'https://attacker.example.net';
		update_option( Settings::OPTION, $row, false );
		$this->assertSame( Settings::STATE_RECONNECT, ( new Settings() )->state() );
	}

	public function test_a_legacy_secret_under_an_override_for_another_store_is_not_used(): void {
		$plain = (string) wp_json_encode(
			array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS, 'backup_keys' => array() )
		);
		$key   = sodium_crypto_generichash(
			'cart-sessions-for-cocart|credentials|v1|' . wp_salt( 'logged_in' ),
			'',
			SODIUM_CRYPTO_SECRETBOX_KEYBYTES
		);
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		update_option(
			Settings::OPTION,
			array(
				'store_url' => 'https://shop.example.com',
				'secrets'   => 'csenc1:' . base64_encode( $nonce . sodium_crypto_secretbox( $plain, $nonce, $key ) ),
			),
			false
		);
		$settings = new Settings( null, new Overrides( static function ( string $name ): ?string {
			return 'COCART_API_URL' === $name ? 'https://attacker.example.net' : null;
		} ) );
		$this->assertSame( Settings::STATE_RECONNECT, $settings->state() );
		$this->assertSame( array(), $settings->key_pairs() );
	}

	public function test_an_encryption_key_shorter_than_32_bytes_is_refused_with_a_message(): void {
		$this->assertStringContainsString( 'at least 32 bytes', (string) Encryption::key_error( 'short-key' ) );
		$this->assertStringContainsString(
			'CART_SESSIONS_ENCRYPTION_KEY',
			(string) Encryption::key_error( str_repeat( 'k', 31 ) )
		);
		$this->assertNull( Encryption::key_error( str_repeat( 'k', 32 ) ) );
	}

	/**
	 * @param mixed $actual
	 */
	private function assertWPError( $actual, string $message = '' ): void {
		$this->assertInstanceOf( WP_Error::class, $actual, $message );
	}
}
